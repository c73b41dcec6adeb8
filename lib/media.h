/* media.h - media attachments: type from content, X's limits, the v2
 * chunked upload (initialize, append, finalize, status) */
#ifndef TW_MEDIA_H
#define TW_MEDIA_H

#include "http.h"

enum tw_media_class { TW_MEDIA_IMAGE, TW_MEDIA_GIF, TW_MEDIA_VIDEO };

struct tw_media {
	const char *path;
	const char *type;           /* "image/png", "video/mp4", ... */
	enum tw_media_class cls;
	long long size;
	char *id;                   /* after upload */
	char *key;                  /* its media_key, when the API gave one */
};

/* Check files before any upload: readable, a known type by content,
 * within X's size limits, and a valid combination (up to 4 images, or
 * one GIF or one video; one attachment for a DM).  Fills m[0..n).
 * Returns 0, or -1 with *err set to a malloc'd message. */
int tw_media_check(const char *const *paths, int n, int dm,
    struct tw_media *m, char **err);

/* Upload one file with the chunked flow, waiting for processing as
 * check_after_secs says; alt text when given.  Returns an exit code
 * after printing the error. */
int tw_media_upload(struct tw_client *c, struct tw_media *m, int dm,
    const char *alt);

void tw_media_free(struct tw_media *m, int n);

#endif
