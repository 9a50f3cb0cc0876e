/*
 * main.c - entry point of the waishi binary: hands over to the command table.
 */
#include "cli.h"
#include "document.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char err[256];
	int rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "waishi: cannot initialise libsodium\n");
		return 1;
	}
	if (util_clock_init(err, sizeof(err)) != 0) {
		fprintf(stderr, "waishi: %s\n", err);
		return 2;
	}
	rc = cli_main(argc, argv);
	document_release_fonts();
	return rc;
}
