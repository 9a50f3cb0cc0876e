/*
 * version.h - the version of Waishi, as the command line and /api/v1/version report it.
 */
#ifndef WAISHI_VERSION_H
#define WAISHI_VERSION_H

#define WAISHI_VERSION "0.1.0"

#endif
