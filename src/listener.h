/*
 * listener.h - the listening socket and the one thread that accepts on it,
 * handing every connection to libmicrohttpd's thread pool (see listener.c).
 */
#ifndef WAISHI_LISTENER_H
#define WAISHI_LISTENER_H

#include <microhttpd.h>
#include <stddef.h>

struct listener;

/* Bind and listen on "host:port" or "[v6]:port" (port 0: any free one). 0, or -1 with err filled. */
int listener_open(const char *listen, struct listener **out, char *err, size_t errlen);

/* Whether the address is IPv6 (the daemon is started with MHD_USE_IPv6 then). */
int listener_is_ipv6(const struct listener *l);

/* The port it listens on. */
unsigned int listener_port(const struct listener *l);

/* Start accepting: each connection is added to `daemon` (MHD_USE_NO_LISTEN_SOCKET). 0, or -1. */
int listener_start(struct listener *l, struct MHD_Daemon *daemon);

/* Stop accepting (new connections are refused by the kernel from now on), join the thread, close. */
void listener_close(struct listener *l);

#endif
