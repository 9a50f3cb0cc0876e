/*
 * listener.c - the listening socket and the one thread that accepts on it.
 *
 * libmicrohttpd's own accepting let every thread of its pool race for each
 * new connection: with 64 connections on 4 threads one held 22 and another 3,
 * and the requests of the crowded thread waited behind its others - the list
 * route's p99. Connections added with MHD_add_connection go to the thread
 * the socket number picks (mod the pool size), so consecutive connections
 * spread evenly; connection limits (total and per address) are applied by
 * libmicrohttpd as for those it accepts itself.
 */
#include "listener.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct listener {
	int fd;
	int family;
	struct MHD_Daemon *daemon;
	pthread_t thread;
	bool started;
	int stopping; /* read and written with __atomic */
};

/* "host:port" or "[v6]:port" into a socket address. */
static int resolve_listen(const char *address, struct sockaddr_storage *ss, socklen_t *sslen)
{
	char host[256];
	const char *colon = strrchr(address, ':');
	struct addrinfo hints, *ai = NULL;
	size_t hostlen;
	int rc;

	if (!colon || colon == address)
		return -1;
	hostlen = (size_t)(colon - address);
	if (address[0] == '[' && hostlen >= 2 && address[hostlen - 1] == ']') {
		address++;
		hostlen -= 2;
	}
	if (hostlen >= sizeof(host))
		return -1;
	memcpy(host, address, hostlen);
	host[hostlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0 || !ai)
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

int listener_open(const char *address, struct listener **out, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	struct listener *l;
	int on = 1;

	*out = NULL;
	if (resolve_listen(address, &ss, &sslen) != 0) {
		snprintf(err, errlen, "bad listen address %s (want host:port)", address);
		return -1;
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	l->family = ss.ss_family;
	l->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	/* as libmicrohttpd set its own up: address and port reuse, IPv6 only on an IPv6 address */
	if (l->fd < 0 || setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
	    setsockopt(l->fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0 ||
	    (ss.ss_family == AF_INET6 && setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) != 0) ||
	    bind(l->fd, (struct sockaddr *)&ss, sslen) != 0 || listen(l->fd, SOMAXCONN) != 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", address, strerror(errno));
		if (l->fd >= 0)
			close(l->fd);
		free(l);
		return -1;
	}
	*out = l;
	return 0;
}

int listener_is_ipv6(const struct listener *l)
{
	return l->family == AF_INET6;
}

unsigned int listener_port(const struct listener *l)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(l->fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void *accept_loop(void *arg)
{
	struct listener *l = arg;

	while (!__atomic_load_n(&l->stopping, __ATOMIC_ACQUIRE)) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd = accept4(l->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
				usleep(10000); /* out of descriptors or memory: let connections close */
			continue;
		}
		/* refused (a limit, out of memory): libmicrohttpd has closed the socket */
		(void)MHD_add_connection(l->daemon, fd, (struct sockaddr *)&ss, len);
	}
	return NULL;
}

int listener_start(struct listener *l, struct MHD_Daemon *daemon)
{
	sigset_t all, before;

	l->daemon = daemon;
	/* the accepting thread takes no signal of the process's */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &before);
	l->started = pthread_create(&l->thread, NULL, accept_loop, l) == 0;
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	return l->started ? 0 : -1;
}

void listener_close(struct listener *l)
{
	if (!l)
		return;
	__atomic_store_n(&l->stopping, 1, __ATOMIC_RELEASE);
	shutdown(l->fd, SHUT_RDWR); /* wakes the blocked accept (EINVAL) */
	if (l->started)
		pthread_join(l->thread, NULL);
	close(l->fd);
	free(l);
}
