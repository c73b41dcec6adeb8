/* media.c - media type by content, limits, and the chunked upload */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media.h"

#define MB (1024LL * 1024)
#define CHUNK (4 * MB)

static const struct {
	enum tw_media_class cls;
	long long max;
	const char *name;
} limits[] = {
	{ TW_MEDIA_IMAGE, 5 * MB, "an image" },
	{ TW_MEDIA_GIF, 15 * MB, "a GIF" },
	{ TW_MEDIA_VIDEO, 512 * MB, "a video" },
};

/* The type from the first bytes, never from the file name. */
static const char *
sniff(const unsigned char *b, size_t n, enum tw_media_class *cls)
{
	*cls = TW_MEDIA_IMAGE;
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
		return "image/webp";
	if (n >= 2 && b[0] == 'B' && b[1] == 'M')
		return "image/bmp";
	if (n >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6))) {
		*cls = TW_MEDIA_GIF;
		return "image/gif";
	}
	if (n >= 12 && !memcmp(b + 4, "ftyp", 4)) {
		*cls = TW_MEDIA_VIDEO;
		return memcmp(b + 8, "qt  ", 4) ? "video/mp4" : "video/quicktime";
	}
	if (n >= 4 && !memcmp(b, "\x1a\x45\xdf\xa3", 4)) {
		*cls = TW_MEDIA_VIDEO;
		return "video/webm";
	}
	return NULL;
}

int
tw_media_check(const char *const *paths, int n, int dm, struct tw_media *m,
    char **err)
{
	unsigned char head[16];
	struct stat st;
	size_t got;
	FILE *fp;
	int i, images = 0, other = 0;

	*err = NULL;
	for (i = 0; i < n; i++) {
		memset(&m[i], 0, sizeof m[i]);
		m[i].path = paths[i];
		if (!(fp = fopen(paths[i], "rb")) || fstat(fileno(fp), &st) < 0) {
			*err = xasprintf("%s: %s", paths[i], strerror(errno));
			if (fp)
				fclose(fp);
			return -1;
		}
		got = fread(head, 1, sizeof head, fp);
		fclose(fp);
		if (!S_ISREG(st.st_mode)) {
			*err = xasprintf("%s: not a regular file", paths[i]);
			return -1;
		}
		m[i].size = st.st_size;
		if (!(m[i].type = sniff(head, got, &m[i].cls))) {
			*err = xasprintf("%s: not a JPEG, PNG, WEBP, BMP or GIF "
			    "image, nor an MP4, MOV or WebM video", paths[i]);
			return -1;
		}
		if (m[i].size == 0 || m[i].size > limits[m[i].cls].max) {
			*err = xasprintf("%s: %lld bytes; %s may have at most "
			    "%lld MB", paths[i], m[i].size, limits[m[i].cls].name,
			    limits[m[i].cls].max / MB);
			return -1;
		}
		if (m[i].cls == TW_MEDIA_IMAGE)
			images++;
		else
			other++;
	}
	if (dm && n > 1) {
		*err = xstrdup("a DM takes one attachment");
		return -1;
	}
	if (images > 4 || (other && n > 1)) {
		*err = xstrdup("a post takes up to 4 images, or one GIF, or one "
		    "video");
		return -1;
	}
	return 0;
}

static const char *
category(const struct tw_media *m, int dm)
{
	switch (m->cls) {
	case TW_MEDIA_GIF: return dm ? "dm_gif" : "tweet_gif";
	case TW_MEDIA_VIDEO: return dm ? "dm_video" : "tweet_video";
	default: return dm ? "dm_image" : "tweet_image";
	}
}

static int
post_json(struct tw_client *c, const char *path, cJSON *body,
    struct tw_resp *resp)
{
	struct tw_req req;
	char *json = tw_json_line(body);
	int rv;

	memset(&req, 0, sizeof req);
	memset(resp, 0, sizeof *resp);
	req.method = "POST";
	req.path = path;
	req.json = json;
	rv = tw_http(c, &req, resp);
	tw_req_free(&req);
	free(json);
	return rv;
}

static int
fail(struct tw_media *m, const char *step, struct tw_resp *r, int rv)
{
	tw_warn("%s: upload %s: %s", m->path, step,
	    r->error ? r->error : "unexpected answer");
	tw_resp_free(r);
	return rv ? rv : TW_EXIT_API;
}

/* POST initialize: the upload's id (and media_key) into m. */
static int
media_init(struct tw_client *c, struct tw_media *m, int dm)
{
	struct tw_resp resp;
	cJSON *body;
	const char *id, *key;
	int rv;

	body = cJSON_CreateObject();
	cJSON_AddNumberToObject(body, "total_bytes", (double)m->size);
	cJSON_AddStringToObject(body, "media_type", m->type);
	cJSON_AddStringToObject(body, "media_category", category(m, dm));
	if (dm)
		cJSON_AddBoolToObject(body, "shared", 0);
	rv = post_json(c, "/2/media/upload/initialize", body, &resp);
	cJSON_Delete(body);
	id = tw_json_str(tw_json_path(resp.json, "data"), "id");
	if (rv || !id)
		return fail(m, "initialize", &resp, rv);
	m->id = xstrdup(id);
	if ((key = tw_json_str(tw_json_path(resp.json, "data"), "media_key")))
		m->key = xstrdup(key);
	tw_resp_free(&resp);
	return 0;
}

/* POST one chunk of n bytes as segment i to the append path. */
static int
append_chunk(struct tw_client *c, const char *path, int i, char *buf,
    size_t n, struct tw_resp *resp)
{
	struct tw_req req;
	struct tw_part parts[2];
	char seg[16];
	int rv;

	snprintf(seg, sizeof seg, "%d", i);
	memset(parts, 0, sizeof parts);
	parts[0].name = "segment_index";
	parts[0].data = seg;
	parts[0].len = strlen(seg);
	parts[1].name = "media";
	parts[1].data = buf;
	parts[1].len = n;
	parts[1].type = "application/octet-stream";
	memset(&req, 0, sizeof req);
	memset(resp, 0, sizeof *resp);
	req.method = "POST";
	req.path = path;
	req.parts = parts;
	req.nparts = 2;
	rv = tw_http(c, &req, resp);
	tw_req_free(&req);
	return rv;
}

/* APPEND: the file in segments of CHUNK bytes, numbered from 0. */
static int
media_append(struct tw_client *c, struct tw_media *m)
{
	struct tw_resp resp;
	char *path, *buf;
	size_t got;
	int rv = 0, i;
	FILE *fp;

	if (!(fp = fopen(m->path, "rb"))) {
		tw_warn("%s: %s", m->path, strerror(errno));
		return TW_EXIT_PARTIAL;
	}
	buf = xmalloc(CHUNK);
	path = xasprintf("/2/media/upload/%s/append", m->id);
	for (i = 0; (got = fread(buf, 1, CHUNK, fp)) > 0; i++) {
		if ((rv = append_chunk(c, path, i, buf, got, &resp)) != 0)
			break;
		tw_resp_free(&resp);
	}
	fclose(fp);
	free(buf);
	free(path);
	return rv ? fail(m, "append", &resp, rv) : 0;
}

/* POST finalize; its answer is left in *resp for wait_processing. */
static int
media_finalize(struct tw_client *c, struct tw_media *m, struct tw_resp *resp)
{
	struct tw_req req;
	char *path;
	int rv;

	path = xasprintf("/2/media/upload/%s/finalize", m->id);
	memset(&req, 0, sizeof req);
	memset(resp, 0, sizeof *resp);
	req.method = "POST";
	req.path = path;
	rv = tw_http(c, &req, resp);
	tw_req_free(&req);
	free(path);
	return rv ? fail(m, "finalize", resp, rv) : 0;
}

/* The seconds to wait before the next check: check_after_secs, 1..60. */
static long
check_after(const cJSON *pi)
{
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(pi,
	    "check_after_secs");
	long wait = 1;

	if (cJSON_IsNumber(secs))
		wait = (long)secs->valuedouble;
	if (wait < 1)
		wait = 1;
	if (wait > 60)
		wait = 60;
	return wait;
}

/* GET the upload's STATUS into *resp. */
static int
media_status(struct tw_client *c, struct tw_media *m, struct tw_resp *resp)
{
	struct tw_req req;
	int rv;

	memset(&req, 0, sizeof req);
	memset(resp, 0, sizeof *resp);
	req.path = "/2/media/upload";
	tw_kvs_add(&req.query, "command", "STATUS");
	tw_kvs_add(&req.query, "media_id", m->id);
	rv = tw_http(c, &req, resp);
	tw_req_free(&req);
	return rv ? fail(m, "status", resp, rv) : 0;
}

/* Processing: poll as check_after_secs says, from the answer in *resp
 * (finalize's) until it succeeds, fails or 120 checks; frees *resp. */
static int
wait_processing(struct tw_client *c, struct tw_media *m,
    struct tw_resp *resp)
{
	const cJSON *pi;
	const char *state, *msg;
	long wait;
	int rv, polls;

	for (polls = 0; ; polls++) {
		pi = tw_json_path(resp->json, "data.processing_info");
		state = tw_json_str(pi, "state");
		if (!pi || !state || !strcmp(state, "succeeded"))
			break;
		if (polls == 120) {
			tw_warn("%s: still processing after %d checks; given up",
			    m->path, polls);
			tw_resp_free(resp);
			return TW_EXIT_API;
		}
		if (!strcmp(state, "failed")) {
			msg = tw_json_str(tw_json_path(pi, "error"), "message");
			tw_warn("%s: the upload failed processing: %s", m->path,
			    msg ? msg : "no reason given");
			tw_resp_free(resp);
			return TW_EXIT_API;
		}
		wait = check_after(pi);
		tw_resp_free(resp);
		sleep((unsigned)wait);
		if ((rv = media_status(c, m, resp)) != 0)
			return rv;
	}
	tw_resp_free(resp);
	return 0;
}

/* POST the alt text to the metadata endpoint. */
static int
media_alt(struct tw_client *c, struct tw_media *m, const char *alt)
{
	struct tw_resp resp;
	cJSON *body, *md, *at;
	int rv;

	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "id", m->id);
	md = cJSON_AddObjectToObject(body, "metadata");
	at = cJSON_AddObjectToObject(md, "alt_text");
	cJSON_AddStringToObject(at, "text", alt);
	rv = post_json(c, "/2/media/metadata", body, &resp);
	cJSON_Delete(body);
	if (rv)
		return fail(m, "alt text", &resp, rv);
	tw_resp_free(&resp);
	return 0;
}

int
tw_media_upload(struct tw_client *c, struct tw_media *m, int dm,
    const char *alt)
{
	struct tw_resp resp;
	int rv;

	if ((rv = media_init(c, m, dm)) != 0 ||
	    (rv = media_append(c, m)) != 0 ||
	    (rv = media_finalize(c, m, &resp)) != 0 ||
	    (rv = wait_processing(c, m, &resp)) != 0)
		return rv;
	if (alt && *alt)
		return media_alt(c, m, alt);
	return 0;
}

void
tw_media_free(struct tw_media *m, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(m[i].id);
		free(m[i].key);
		m[i].id = m[i].key = NULL;
	}
}
