/*
 * pwlane.c - the password lane (see pwlane.h): one queue, a mutex, a
 * condition variable and a few worker threads.
 */
#include "pwlane.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PWLANE_MAX_WORKERS 64
#define PWLANE_NICE 10 /* of the lane's threads (Linux: a thread's own nice value) */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work;  /* a job was queued, or stop */
	pthread_cond_t idle;  /* a job finished or a place was given back */
	pthread_t threads[PWLANE_MAX_WORKERS];
	int nthreads;
	int capacity;         /* workers + queue */
	int in_flight;        /* reserved + queued + running */
	struct pw_job *head, *tail;
	bool running, stopping;
} lane = {.lock = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER, .idle = PTHREAD_COND_INITIALIZER};

/* The cost of a new hash, read once from WAISHI_PASSWORD_COST (see pwlane.h). */
static struct {
	pthread_once_t once;
	const char *name;
	unsigned long long opslimit;
	size_t memlimit;
} cost = {.once = PTHREAD_ONCE_INIT};

static void cost_init(void)
{
	const char *want = getenv("WAISHI_PASSWORD_COST");

	if (want && strcmp(want, "minimum") == 0) {
		cost.name = "minimum";
		cost.opslimit = crypto_pwhash_OPSLIMIT_MIN;
		cost.memlimit = crypto_pwhash_MEMLIMIT_MIN;
	} else if (want && strcmp(want, "moderate") == 0) {
		cost.name = "moderate";
		cost.opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		cost.memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
	} else {
		cost.name = "interactive";
		cost.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		cost.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

const char *pwlane_cost(void)
{
	pthread_once(&cost.once, cost_init);
	return cost.name;
}

void pwlane_compute(struct pw_job *job)
{
	pthread_once(&cost.once, cost_init);
	if (job->kind == PW_VERIFY)
		job->result = job->hash[0] &&
			      crypto_pwhash_str_verify(job->hash, job->password, strlen(job->password)) == 0;
	else
		job->result = crypto_pwhash_str(job->hash, job->password, strlen(job->password),
						cost.opslimit, cost.memlimit);
	sodium_memzero(job->password, sizeof(job->password));
}

/*
 * A worker yields the cores to the request threads: argon2id is a full core
 * for a while, and at the same priority a sign-in flood preempted the request
 * threads amid their connections (the list's p99 during a flood, README).
 * Lowering one's own thread priority needs no privilege; failing, it stays.
 */
static void lower_priority(void)
{
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), PWLANE_NICE);
}

static void *worker(void *arg)
{
	struct pw_job *job;

	(void)arg;
	lower_priority();
	pthread_mutex_lock(&lane.lock);
	for (;;) {
		while (!lane.head && !lane.stopping)
			pthread_cond_wait(&lane.work, &lane.lock);
		if (!lane.head)
			break;
		job = lane.head;
		lane.head = job->next;
		if (!lane.head)
			lane.tail = NULL;
		pthread_mutex_unlock(&lane.lock);
		pwlane_compute(job);
		job->done(job); /* may free or resume: the job is not touched after this */
		pthread_mutex_lock(&lane.lock);
		lane.in_flight--;
		pthread_cond_broadcast(&lane.idle);
	}
	pthread_mutex_unlock(&lane.lock);
	return NULL;
}

int pwlane_start(int workers, int queue)
{
	int i;

	if (workers < 1 || workers > PWLANE_MAX_WORKERS || queue < 0)
		return -1;
	pthread_mutex_lock(&lane.lock);
	lane.capacity = workers + queue;
	lane.in_flight = 0;
	lane.stopping = false;
	lane.running = true;
	pthread_mutex_unlock(&lane.lock);
	for (i = 0; i < workers; i++) {
		if (pthread_create(&lane.threads[i], NULL, worker, NULL) != 0) {
			pwlane_stop();
			return -1;
		}
		lane.nthreads = i + 1;
	}
	return 0;
}

void pwlane_drain(void)
{
	pthread_mutex_lock(&lane.lock);
	while (lane.in_flight > 0)
		pthread_cond_wait(&lane.idle, &lane.lock);
	pthread_mutex_unlock(&lane.lock);
}

void pwlane_stop(void)
{
	int i;

	pthread_mutex_lock(&lane.lock);
	lane.stopping = true;
	pthread_cond_broadcast(&lane.work);
	pthread_mutex_unlock(&lane.lock);
	for (i = 0; i < lane.nthreads; i++)
		pthread_join(lane.threads[i], NULL);
	pthread_mutex_lock(&lane.lock);
	lane.nthreads = 0;
	lane.running = false;
	pthread_mutex_unlock(&lane.lock);
}

bool pwlane_running(void)
{
	bool r;

	pthread_mutex_lock(&lane.lock);
	r = lane.running && !lane.stopping;
	pthread_mutex_unlock(&lane.lock);
	return r;
}

bool pwlane_reserve(void)
{
	bool ok;

	pthread_mutex_lock(&lane.lock);
	ok = lane.running && !lane.stopping && lane.in_flight < lane.capacity;
	if (ok)
		lane.in_flight++;
	pthread_mutex_unlock(&lane.lock);
	return ok;
}

void pwlane_release(void)
{
	pthread_mutex_lock(&lane.lock);
	lane.in_flight--;
	pthread_cond_broadcast(&lane.idle);
	pthread_mutex_unlock(&lane.lock);
}

void pwlane_submit(struct pw_job *job)
{
	pthread_mutex_lock(&lane.lock);
	job->next = NULL;
	if (lane.tail)
		lane.tail->next = job;
	else
		lane.head = job;
	lane.tail = job;
	pthread_cond_signal(&lane.work);
	pthread_mutex_unlock(&lane.lock);
}

/* The blocking form: the caller waits on its own flag. */
struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool finished;
};

static void wake(struct pw_job *job)
{
	struct waiter *w = job->arg;

	pthread_mutex_lock(&w->lock);
	w->finished = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

int pwlane_run(struct pw_job *job)
{
	struct waiter w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false};

	if (!pwlane_running()) {
		pwlane_compute(job);
		return 0;
	}
	if (!pwlane_reserve())
		return -1;
	job->done = wake;
	job->arg = &w;
	pwlane_submit(job);
	pthread_mutex_lock(&w.lock);
	while (!w.finished)
		pthread_cond_wait(&w.cond, &w.lock);
	pthread_mutex_unlock(&w.lock);
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	return 0;
}
