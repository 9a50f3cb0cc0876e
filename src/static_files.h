/*
 * static_files.h - serving the built web interface from its folder.
 */
#ifndef WAISHI_STATIC_FILES_H
#define WAISHI_STATIC_FILES_H

#include "http.h"

/*
 * Answer a GET outside /api/ from `web_root` (a realpath; "" when there is
 * no web folder: a placeholder page). Paths that are not files get
 * index.html (the interface's own routes). Always answers; returns 0.
 */
int static_serve(const char *web_root, struct request *req, struct response *res);

#endif
