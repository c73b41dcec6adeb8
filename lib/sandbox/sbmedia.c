/* sbmedia.c - tw-sandbox: chunked media upload (initialize, append as
 * multipart or JSON, finalize, STATUS with processing_info).
 *
 * Layer: endpoints (lib/sandbox/README).  Calls the store, sbanswer.c
 * and sbparam.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "sbapi.h"
#include "sbparam.h"
#include "sbstore.h"

static void
invalid_v(struct sb_resp *w, const char *param, const char *value,
    const char *msg)
{
	cJSON *e = cJSON_CreateArray();

	cJSON_AddItemToArray(e, sb_param_error(param, value, "%s", msg));
	sb_invalid(w, e);
}

static void
invalid(struct sb_resp *w, const char *param, const char *msg)
{
	invalid_v(w, param, "", msg);
}

/* MediaUploadResponse requires "meta" in openapi.json; an empty one
 * keeps a validating proxy content and costs a client nothing. */
static void
answer(struct sb_resp *w, cJSON *data)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "data", data);
	cJSON_AddObjectToObject(o, "meta");
	sb_json(w, 200, o);
}

static const char *const media_types[] = {
	"video/mp4", "video/webm", "video/mp2t", "video/quicktime", "text/srt",
	"text/vtt", "image/jpeg", "image/gif", "image/bmp", "image/png",
	"image/webp", "image/pjpeg", "image/tiff", "model/gltf-binary",
	"model/vnd.usdz+zip", NULL
};

static const char *const categories[] = {
	"amplify_video", "tweet_gif", "tweet_image", "tweet_video", "dm_gif",
	"dm_image", "dm_video", "subtitles", NULL
};

static int
oneof(const char *const *tab, const char *v)
{
	for (; *tab; tab++)
		if (strcmp(*tab, v) == 0)
			return 1;
	return 0;
}

static cJSON *
body_json(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o;

	if (!r->ctype || strncasecmp(r->ctype, "application/json", 16) != 0) {
		invalid(w, NULL, "Requests with bodies must have content-type of "
		    "application/json.");
		return NULL;
	}
	o = cJSON_ParseWithLength(r->body ? r->body : "", r->bodylen);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		invalid(w, NULL, "The request body is not valid JSON.");
		return NULL;
	}
	return o;
}

static int
no_query(struct sb_req *r, struct sb_resp *w, const char *allowed)
{
	static struct sb_pspec spec;
	struct sb_fields f;

	spec.allowed = allowed;
	spec.token_min = 1;
	return sb_params(r, w, &spec, &f);
}

static int
known(const char *k)
{
	static const char *const keys[] = { "total_bytes", "media_type",
	    "media_category", "shared", "additional_owners", NULL };

	return oneof(keys, k);
}

void
sb_media_initialize(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o, *d;
	const cJSON *e;
	const char *type, *cat;
	struct sb_media *m;
	double total;

	if (no_query(r, w, "") < 0 || !(o = body_json(r, w)))
		return;
	cJSON_ArrayForEach(e, o)
		if (!known(e->string)) {
			invalid(w, NULL, "The request body has a property that is "
			    "not allowed");
			goto out;
		}
	type = tw_json_str(o, "media_type");
	cat = tw_json_str(o, "media_category");
	e = cJSON_GetObjectItemCaseSensitive(o, "total_bytes");
	total = cJSON_IsNumber(e) ? e->valuedouble : -1;
	if (!type || !oneof(media_types, type)) {
		invalid(w, "media_type", "$.media_type: must be one of the "
		    "supported media types");
		goto out;
	}
	if (cat && !oneof(categories, cat)) {
		invalid(w, "media_category", "$.media_category: must be one of "
		    "amplify_video, tweet_gif, tweet_image, tweet_video, dm_gif, "
		    "dm_image, dm_video, subtitles");
		goto out;
	}
	if (total < 1 || total > 17179869184.0) {
		invalid(w, "total_bytes", "$.total_bytes: must be between 1 and "
		    "17179869184");
		goto out;
	}
	m = xcalloc(1, sizeof *m);
	m->id = sb_id_str(sb_next_id(sb_now_ms()));
	m->type = xstrdup(strncmp(type, "video/", 6) == 0 ? "video" :
	    strcmp(type, "image/gif") == 0 ? "animated_gif" : "photo");
	m->key = xasprintf("%s_%s", strcmp(m->type, "video") == 0 ? "7" :
	    strcmp(m->type, "photo") == 0 ? "3" : "16", m->id);
	m->media_type = xstrdup(type);
	m->category = xstrdup(cat ? cat : strcmp(m->type, "video") == 0 ?
	    "tweet_video" : strcmp(m->type, "photo") == 0 ? "tweet_image" :
	    "tweet_gif");
	m->owner_id = xstrdup(r->me->id);
	m->total_bytes = (long long)total;
	m->created_at = sb_now();
	sb.media = xrealloc(sb.media, (sb.nmedia + 1) * sizeof *sb.media);
	sb.media[sb.nmedia++] = m;
	sb.dirty = 1;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "id", m->id);
	cJSON_AddStringToObject(d, "media_key", m->key);
	cJSON_AddNumberToObject(d, "expires_after_secs", 86400);
	answer(w, d);
out:
	cJSON_Delete(o);
}

static struct sb_media *
mine(struct sb_req *r, struct sb_resp *w, const char *id)
{
	struct sb_media *m = sb_media_by_id(id);

	if (!m || strcmp(m->owner_id, r->me->id) != 0) {
		invalid_v(w, "id", id, "The media id was not found.");
		return NULL;
	}
	return m;
}

/* base64 payload size, without decoding */
static long long
b64len(const char *s)
{
	size_t n = strlen(s);
	long long pad = 0;

	while (n && (s[n - 1] == '=' || s[n - 1] == '\n')) {
		pad += s[n - 1] == '=';
		n--;
	}
	return (long long)((n + pad) / 4 * 3 - pad);
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* An MP4 box's body: the first "name" box in p[0..n), or NULL. */
static const unsigned char *
box(const unsigned char *p, size_t n, const char *name, size_t *len)
{
	size_t i;

	for (i = 4; i + 4 <= n; i++)
		if (!memcmp(p + i, name, 4) && be32(p + i - 4) >= 8) {
			*len = be32(p + i - 4) - 8;
			if (i + 4 + *len > n)
				*len = n - i - 4;
			return p + i + 4;
		}
	return NULL;
}

/* What the uploaded bytes say of themselves, as X reports it: an image's
 * width and height (PNG, GIF, JPEG), a video's size and duration (MP4's
 * tkhd and mvhd), whichever segment holds them. */
static void
sniff(struct sb_media *m, const unsigned char *p, size_t n)
{
	const unsigned char *b;
	size_t i, len;

	if (m->width)
		return;
	if (m->segments > 0)    /* an image says it at its start */
		;
	else if (n >= 24 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) {
		m->width = (int)be32(p + 16);
		m->height = (int)be32(p + 20);
	} else if (n >= 10 && !memcmp(p, "GIF8", 4)) {
		m->width = p[6] | p[7] << 8;
		m->height = p[8] | p[9] << 8;
	} else if (n >= 4 && p[0] == 0xff && p[1] == 0xd8) {
		for (i = 2; i + 9 < n; ) {     /* the frame's SOFn marker */
			if (p[i] != 0xff) {
				i++;
				continue;
			}
			if (p[i + 1] >= 0xc0 && p[i + 1] <= 0xcf &&
			    p[i + 1] != 0xc4 && p[i + 1] != 0xc8 &&
			    p[i + 1] != 0xcc) {
				m->height = p[i + 5] << 8 | p[i + 6];
				m->width = p[i + 7] << 8 | p[i + 8];
				break;
			}
			i += 2 + (size_t)(p[i + 2] << 8 | p[i + 3]);
		}
	}
	if ((b = box(p, n, "mvhd", &len)) && len >= 20) {
		unsigned long scale = be32(b + (b[0] == 1 ? 20 : 12));
		unsigned long dur = be32(b + (b[0] == 1 ? 28 : 16));

		if (scale)
			m->duration_ms = (long)((double)dur * 1000 / scale);
	}
	if ((b = box(p, n, "tkhd", &len)) && len >= 84 &&
	    be32(b + len - 8) >> 16) {
		m->width = (int)(be32(b + len - 8) >> 16);
		m->height = (int)(be32(b + len - 4) >> 16);
	}
}

/* sniff, on base64 text */
static void
sniff64(struct sb_media *m, const char *s, size_t n)
{
	unsigned char *raw;
	int got;

	if (m->width || n > (64u << 20))
		return;
	raw = xmalloc(n / 4 * 3 + 4);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if ((got = EVP_DecodeBlock(raw, (const unsigned char *)s,
	    (int)(n - n % 4))) > 0)
		sniff(m, raw, (size_t)got);
	free(raw);
}

/* The parts of a multipart/form-data body: name -> (data, len). */
struct part {
	char name[64];
	const char *data;
	size_t len;
};

static size_t
multipart(const struct sb_req *r, struct part *parts, size_t max)
{
	const char *b = r->ctype ? strcasestr(r->ctype, "boundary=") : NULL;
	const char *p, *end, *hdr, *body, *next, *nm;
	char delim[128];
	size_t dl, n = 0, i;

	if (!b || !r->body)
		return 0;
	end = r->body + r->bodylen;
	b += 9;
	if (*b == '"')
		b++;
	dl = (size_t)snprintf(delim, sizeof delim, "--%.*s",
	    (int)strcspn(b, "\";"), b);
	if (dl >= sizeof delim)
		return 0;
	p = memmem(r->body, r->bodylen, delim, dl);
	while (p && n < max) {
		p += dl;
		if (p + 2 > end || (p[0] == '-' && p[1] == '-'))
			break;
		hdr = p + 2;
		body = memmem(hdr, end - hdr, "\r\n\r\n", 4);
		if (!body)
			break;
		body += 4;
		next = memmem(body, end - body, delim, dl);
		if (!next)
			break;
		nm = memmem(hdr, body - hdr, "name=\"", 6);
		if (nm) {
			nm += 6;
			/* the name ends at its quote, or with the headers */
			for (i = 0; nm + i < body && nm[i] != '"' &&
			    i + 1 < sizeof parts[n].name; i++)
				parts[n].name[i] = nm[i];
			parts[n].name[i] = 0;
			parts[n].data = body;
			parts[n].len = (size_t)(next - body);
			if (parts[n].len >= 2)
				parts[n].len -= 2;   /* the CRLF before delim */
			n++;
		}
		p = next;
	}
	return n;
}

void
sb_media_append(struct sb_req *r, struct sb_resp *w, const char *id)
{
	struct sb_media *m;
	struct part parts[8];
	cJSON *o, *d;
	const cJSON *v;
	long long len = -1;
	long seg = -1;
	char buf[16];
	size_t n, i;

	if (no_query(r, w, "") < 0 || !(m = mine(r, w, id)))
		return;
	if (m->finalized) {
		invalid(w, "id", "The media was already finalized.");
		return;
	}
	if (r->ctype && strncasecmp(r->ctype, "multipart/form-data", 19) == 0) {
		n = multipart(r, parts, 8);
		for (i = 0; i < n; i++) {
			if (strcmp(parts[i].name, "media") == 0) {
				len = (long long)parts[i].len;
				sniff(m, (const unsigned char *)parts[i].data,
				    parts[i].len);
			} else if (strcmp(parts[i].name, "media_data") == 0) {
				char *s = xstrndup(parts[i].data, parts[i].len);

				len = b64len(s);
				sniff64(m, s, strlen(s));
				free(s);
			} else if (strcmp(parts[i].name, "segment_index") == 0) {
				snprintf(buf, sizeof buf, "%.*s",
				    (int)(parts[i].len < 15 ? parts[i].len : 15),
				    parts[i].data);
				seg = strtol(buf, NULL, 10);
				if (!*buf || strspn(buf, "0123456789") !=
				    strlen(buf))
					seg = -1;
			}
		}
	} else {
		if (!(o = body_json(r, w)))
			return;
		if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(o, "media"))) {
			len = b64len(v->valuestring);
			sniff64(m, v->valuestring, strlen(v->valuestring));
		}
		v = cJSON_GetObjectItemCaseSensitive(o, "segment_index");
		if (cJSON_IsNumber(v))
			seg = tw_json_long(v, -1);
		else if (cJSON_IsString(v) && *v->valuestring)
			seg = strtol(v->valuestring, NULL, 10);
		cJSON_Delete(o);
	}
	if (len < 0) {
		invalid(w, "media", "$.media: is missing but it is required");
		return;
	}
	if (seg < 0 || seg > 999) {
		invalid(w, "segment_index", "$.segment_index: must be an integer "
		    "between 0 and 999");
		return;
	}
	m->received += len;
	m->segments++;
	sb.dirty = 1;
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "expires_at", (double)(time(NULL) + 86400));
	answer(w, d);
}

static cJSON *
media_data(const struct sb_media *m)
{
	cJSON *d = cJSON_CreateObject(), *p;
	int async = strcmp(m->type, "photo") != 0;

	cJSON_AddStringToObject(d, "id", m->id);
	cJSON_AddStringToObject(d, "media_key", m->key);
	cJSON_AddNumberToObject(d, "size", (double)m->received);
	cJSON_AddNumberToObject(d, "expires_after_secs", 86400);
	if (async) {
		p = cJSON_AddObjectToObject(d, "processing_info");
		/* openapi.json's ProcessingInfo requires "type" */
		cJSON_AddStringToObject(p, "type", m->type);
		cJSON_AddStringToObject(p, "state", m->polls == 0 ? "pending" :
		    m->polls == 1 ? "in_progress" : "succeeded");
		if (m->polls < 2)
			cJSON_AddNumberToObject(p, "check_after_secs", 1);
		cJSON_AddNumberToObject(p, "progress_percent",
		    m->polls == 0 ? 0 : m->polls == 1 ? 50 : 100);
	}
	return d;
}

void
sb_media_finalize(struct sb_req *r, struct sb_resp *w, const char *id)
{
	struct sb_media *m;

	if (no_query(r, w, "") < 0 || !(m = mine(r, w, id)))
		return;
	if (!m->finalized) {
		if (m->segments == 0 || m->received != m->total_bytes) {
			invalid(w, "id", "Segments do not add up to provided "
			    "total file size.");
			return;
		}
		m->finalized = 1;
		sb.dirty = 1;
	}
	answer(w, media_data(m));
}

/* POST /2/media/metadata: alt text for a media id of the caller's. */
void
sb_media_metadata(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o, *d, *md, *at;
	const char *id, *text;
	struct sb_media *m;

	if (no_query(r, w, "") < 0 || !(o = body_json(r, w)))
		return;
	id = tw_json_str(o, "id");
	text = tw_json_str(tw_json_path(o, "metadata.alt_text"), "text");
	if (!id) {
		invalid(w, "id", "$.id: is missing but it is required");
		goto out;
	}
	if (!(m = mine(r, w, id)))
		goto out;
	if (text) {
		if (strlen(text) > 1000) {
			invalid(w, "metadata", "$.metadata.alt_text.text: must be "
			    "at most 1000 characters");
			goto out;
		}
		free(m->alt);
		m->alt = xstrdup(text);
		sb.dirty = 1;
	}
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "id", m->id);
	md = cJSON_AddObjectToObject(d, "associated_metadata");
	if (m->alt) {
		at = cJSON_AddObjectToObject(md, "alt_text");
		cJSON_AddStringToObject(at, "text", m->alt);
	}
	md = cJSON_CreateObject();
	cJSON_AddItemToObject(md, "data", d);
	sb_json(w, 200, md);
out:
	cJSON_Delete(o);
}

void
sb_media_status(struct sb_req *r, struct sb_resp *w)
{
	const char *id = tw_kvs_get(&r->query, "media_id");
	struct sb_media *m;

	if (no_query(r, w, "command media_id") < 0)
		return;
	if (!id) {
		invalid(w, "media_id", "The `media_id` query parameter can not be "
		    "empty");
		return;
	}
	if (!(m = mine(r, w, id)))
		return;
	if (!m->finalized) {
		invalid(w, "media_id", "The media has not been finalized.");
		return;
	}
	/* each STATUS moves processing on: pending -> in_progress ->
	 * succeeded, so tests need no clock */
	if (strcmp(m->type, "photo") != 0 && m->polls < 2) {
		m->polls++;
		sb.dirty = 1;
	}
	answer(w, media_data(m));
}
