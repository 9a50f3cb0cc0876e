/*
 * pwlane.h - the password lane: argon2id hashing and verification on a
 * bounded pool of worker threads of their own, so a flood of sign-ins never
 * occupies the threads that serve every other route.
 *
 * At most `workers` computations run at once and at most `queue` more wait;
 * a caller that finds the lane full is told so at once (the server answers
 * 503 busy with Retry-After). The HTTP side reserves a place first
 * (pwlane_reserve), does its short database work, then hands the job over
 * (pwlane_submit) and suspends the connection until the job's `done`
 * callback resumes it. pwlane_run() is the blocking form for routes of
 * signed-in users. Without a running lane (the command line) the work is
 * done on the calling thread.
 */
#ifndef WAISHI_PWLANE_H
#define WAISHI_PWLANE_H

#include <sodium.h>
#include <stdbool.h>

#define PWLANE_PASSWORD_BYTES 513 /* 128 characters of up to 4 UTF-8 bytes, and the NUL */

enum pw_kind { PW_VERIFY, PW_HASH };

struct pw_job {
	enum pw_kind kind;
	char password[PWLANE_PASSWORD_BYTES];
	char hash[crypto_pwhash_STRBYTES]; /* PW_VERIFY: the stored hash; PW_HASH: the result */
	int result;                        /* PW_VERIFY: 1 match, 0 not; PW_HASH: 0 or -1 */
	void (*done)(struct pw_job *job);  /* called on the worker thread when finished */
	void *arg;
	struct pw_job *next;
};

/* Start `workers` threads with room for `queue` waiting jobs. 0 or -1. */
__attribute__((warn_unused_result)) int pwlane_start(int workers, int queue);
/* Let every accepted job finish, then stop the threads. */
void pwlane_stop(void);
/* Wait until no job is reserved, waiting or running. */
void pwlane_drain(void);
bool pwlane_running(void);

/* A place for one job; false when the lane is full. */
bool pwlane_reserve(void);
/* Give back a place that will not be used. */
void pwlane_release(void);
/* Queue a job in a place reserved before; `done` is called when it has run. */
void pwlane_submit(struct pw_job *job);
/* Run a job and wait for it (on the lane when it runs, else here). 0, or -1 when the lane is full. */
__attribute__((warn_unused_result)) int pwlane_run(struct pw_job *job);

/*
 * The cost of new hashes, from WAISHI_PASSWORD_COST: "interactive" (the
 * default: libsodium's interactive limits, 64 MiB and 2 passes), "moderate"
 * (256 MiB, 3 passes) or "minimum" (8 KiB, 1 pass: for test runs only, whose
 * hundreds of sign-ins would otherwise spend a third of their CPU here). A
 * stored hash is verified at the cost it was made with, whatever the setting.
 */
const char *pwlane_cost(void);

/* Do the work of one job on the calling thread. */
void pwlane_compute(struct pw_job *job);

#endif
