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

int
tw_media_upload(struct tw_client *c, struct tw_media *m, int dm,
    const char *alt)
{
	struct tw_resp resp;
	struct tw_req req;
	struct tw_part parts[2];
	const cJSON *pi;
	cJSON *body;
	char *path, *buf, seg[16];
	const char *state, *id, *key;
	size_t got;
	long wait;
	int rv, i, polls;
	FILE *fp;

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

	if (!(fp = fopen(m->path, "rb"))) {
		tw_warn("%s: %s", m->path, strerror(errno));
		return TW_EXIT_PARTIAL;
	}
	buf = xmalloc(CHUNK);
	path = xasprintf("/2/media/upload/%s/append", m->id);
	for (i = 0; (got = fread(buf, 1, CHUNK, fp)) > 0; i++) {
		snprintf(seg, sizeof seg, "%d", i);
		memset(parts, 0, sizeof parts);
		parts[0].name = "segment_index";
		parts[0].data = seg;
		parts[0].len = strlen(seg);
		parts[1].name = "media";
		parts[1].data = buf;
		parts[1].len = got;
		parts[1].type = "application/octet-stream";
		memset(&req, 0, sizeof req);
		memset(&resp, 0, sizeof resp);
		req.method = "POST";
		req.path = path;
		req.parts = parts;
		req.nparts = 2;
		rv = tw_http(c, &req, &resp);
		tw_req_free(&req);
		if (rv) {
			fclose(fp);
			free(buf);
			free(path);
			return fail(m, "append", &resp, rv);
		}
		tw_resp_free(&resp);
	}
	fclose(fp);
	free(buf);
	free(path);

	path = xasprintf("/2/media/upload/%s/finalize", m->id);
	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.method = "POST";
	req.path = path;
	rv = tw_http(c, &req, &resp);
	tw_req_free(&req);
	free(path);
	if (rv)
		return fail(m, "finalize", &resp, rv);

	/* Processing: poll as check_after_secs says. */
	for (polls = 0; ; polls++) {
		pi = tw_json_path(resp.json, "data.processing_info");
		state = tw_json_str(pi, "state");
		if (!pi || !state || !strcmp(state, "succeeded"))
			break;
		if (polls == 120) {
			tw_warn("%s: still processing after %d checks; given up",
			    m->path, polls);
			tw_resp_free(&resp);
			return TW_EXIT_API;
		}
		if (!strcmp(state, "failed")) {
			const char *msg = tw_json_str(tw_json_path(pi, "error"),
			    "message");

			tw_warn("%s: the upload failed processing: %s", m->path,
			    msg ? msg : "no reason given");
			tw_resp_free(&resp);
			return TW_EXIT_API;
		}
		wait = 1;
		if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(pi,
		    "check_after_secs")))
			wait = (long)cJSON_GetObjectItemCaseSensitive(pi,
			    "check_after_secs")->valuedouble;
		if (wait < 1)
			wait = 1;
		if (wait > 60)
			wait = 60;
		tw_resp_free(&resp);
		sleep((unsigned)wait);
		memset(&req, 0, sizeof req);
		memset(&resp, 0, sizeof resp);
		req.path = "/2/media/upload";
		tw_kvs_add(&req.query, "command", "STATUS");
		tw_kvs_add(&req.query, "media_id", m->id);
		rv = tw_http(c, &req, &resp);
		tw_req_free(&req);
		if (rv)
			return fail(m, "status", &resp, rv);
	}
	tw_resp_free(&resp);

	if (alt && *alt) {
		cJSON *md, *at;

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
	}
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
