/*
 * server.h - the HTTP server: it receives every request, judges it on its
 * headers (route, session, role, CSRF, declared length) before any body byte
 * is read, and hands it to the route's handler (routes.c).
 */
#ifndef WAISHI_SERVER_H
#define WAISHI_SERVER_H

#include "http.h"

/* Run the server until SIGINT/SIGTERM. Returns the process exit status. */
int http_serve(const struct server_config *cfg);

#endif
