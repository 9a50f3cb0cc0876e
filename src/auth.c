/*
 * auth.c - passwords (see auth.h): hashing and verifying on the password
 * lane. Who is calling on each request is auth_request.c; signing in and
 * out and changing one's password, with the lockout, auth_api.c.
 */
#include "auth.h"

#include <stdio.h>
#include <string.h>

/* On the password lane when the server runs it, else here. -1 when the lane is full or the text too long. */
int auth_lane_job(enum pw_kind kind, const char *password, const char *hash, struct pw_job *job)
{
	memset(job, 0, sizeof(*job));
	job->kind = kind;
	if (snprintf(job->password, sizeof(job->password), "%s", password) >= (int)sizeof(job->password))
		return -1;
	if (hash)
		snprintf(job->hash, sizeof(job->hash), "%s", hash);
	return pwlane_run(job);
}

int auth_hash_password(const char *password, char *out)
{
	struct pw_job job;
	int rc = auth_lane_job(PW_HASH, password, NULL, &job);

	if (rc == 0 && job.result == 0)
		memcpy(out, job.hash, sizeof(job.hash));
	return rc == 0 ? job.result : -1;
}

bool auth_check_password(const char *hash, const char *password)
{
	struct pw_job job;

	return auth_lane_job(PW_VERIFY, password, hash, &job) == 0 && job.result == 1;
}
