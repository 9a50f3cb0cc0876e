/*
 * main.c - entry point of the waishi binary: hands over to the command table.
 */
#include "cli.h"

#include <sodium.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "waishi: cannot initialise libsodium\n");
		return 1;
	}
	return cli_main(argc, argv);
}
