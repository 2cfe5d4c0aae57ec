/* The control protocol's encoders and decoders (see proto.h). */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ctl/ctl_proto.h"

/* Parses exactly buf[0..len) as one JSON value; NULL if it is not one
 * (truncated, trailing garbage, nesting too deep). */
static struct json_object *
parse_document(const char *buf, size_t len)
{
	struct json_tokener *tok;
	struct json_object *obj;

	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len == 0 || len > CTL_PROTO_MAX_REQUEST * 64)
		return NULL;
	tok = json_tokener_new_ex(32);   /* our documents are shallow */
	if (tok == NULL)
		return NULL;
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	if (obj != NULL && (json_tokener_get_error(tok) != json_tokener_success ||
	                    json_tokener_get_parse_end(tok) != len)) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

static int
check_version(struct json_object *doc, const char **err)
{
	struct json_object *v;

	if (!json_object_object_get_ex(doc, "version", &v) || !json_object_is_type(v, json_type_int)) {
		*err = "request has no integer \"version\"";
		return -1;
	}
	if (json_object_get_int64(v) != CTL_PROTO_VERSION) {
		*err = "unsupported protocol version (this floatd speaks version 1)";
		return -1;
	}
	return 0;
}

int
ctl_proto_parse_request(const char *buf, size_t len, struct ctl_request *out, const char **err)
{
	struct json_object *doc, *cmd, *args;
	const char *name;

	memset(out, 0, sizeof(*out));
	if (len > CTL_PROTO_MAX_REQUEST) {
		*err = "request too large (limit 64 KiB)";
		return -1;
	}
	doc = parse_document(buf, len);
	if (doc == NULL || !json_object_is_type(doc, json_type_object)) {
		*err = "request is not a JSON object";
		json_object_put(doc);
		return -1;
	}
	if (check_version(doc, err) < 0)
		goto bad;
	if (!json_object_object_get_ex(doc, "command", &cmd) ||
	    !json_object_is_type(cmd, json_type_string)) {
		*err = "request has no string \"command\"";
		goto bad;
	}
	name = json_object_get_string(cmd);
	if (strlen(name) == 0 || strlen(name) >= sizeof(out->command)) {
		*err = "bad command name";
		goto bad;
	}
	strcpy(out->command, name);
	if (json_object_object_get_ex(doc, "args", &args)) {
		if (!json_object_is_type(args, json_type_object)) {
			*err = "\"args\" must be an object";
			goto bad;
		}
		out->args = json_object_get(args);
	} else {
		out->args = json_object_new_object();
	}
	json_object_put(doc);
	if (out->args == NULL) {
		*err = "out of memory";
		return -1;
	}
	return 0;
bad:
	json_object_put(doc);
	return -1;
}

void
ctl_proto_request_free(struct ctl_request *r)
{
	json_object_put(r->args);
	r->args = NULL;
}

/* The document as one line plus '\n'; consumes doc. */
static char *
to_line(struct json_object *doc)
{
	const char *s;
	size_t n;
	char *line = NULL;

	if (doc == NULL)
		return NULL;
	s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s != NULL) {
		n = strlen(s);
		line = malloc(n + 2);
		if (line != NULL) {
			memcpy(line, s, n);
			line[n] = '\n';
			line[n + 1] = '\0';
		}
	}
	json_object_put(doc);
	return line;
}

static struct json_object *
answer(int ok)
{
	struct json_object *doc = json_object_new_object();

	if (doc == NULL)
		return NULL;
	json_object_object_add(doc, "version", json_object_new_int(CTL_PROTO_VERSION));
	json_object_object_add(doc, "ok", json_object_new_boolean(ok));
	return doc;
}

char *
ctl_proto_answer_ok(struct json_object *data)
{
	struct json_object *doc = answer(1);

	if (doc == NULL) {
		json_object_put(data);
		return NULL;
	}
	json_object_object_add(doc, "data", data != NULL ? data : json_object_new_object());
	return to_line(doc);
}

char *
ctl_proto_answer_error(const char *message)
{
	struct json_object *doc = answer(0);

	if (doc == NULL)
		return NULL;
	json_object_object_add(doc, "error", json_object_new_string(message));
	return to_line(doc);
}

char *
ctl_proto_request(const char *command, struct json_object *args)
{
	struct json_object *doc = json_object_new_object();

	if (doc == NULL) {
		json_object_put(args);
		return NULL;
	}
	json_object_object_add(doc, "version", json_object_new_int(CTL_PROTO_VERSION));
	json_object_object_add(doc, "command", json_object_new_string(command));
	json_object_object_add(doc, "args", args != NULL ? args : json_object_new_object());
	return to_line(doc);
}

int
ctl_proto_parse_answer(const char *buf, size_t len, struct json_object **data, char **error)
{
	struct json_object *doc, *ok, *v;
	const char *err;
	int rc;

	*data = NULL;
	*error = NULL;
	doc = parse_document(buf, len);
	if (doc == NULL || !json_object_is_type(doc, json_type_object)) {
		json_object_put(doc);
		*error = (char *)"answer is not a JSON object";
		return -1;
	}
	if (check_version(doc, &err) < 0 || !json_object_object_get_ex(doc, "ok", &ok) ||
	    !json_object_is_type(ok, json_type_boolean)) {
		json_object_put(doc);
		*error = (char *)"answer is not a floatd control answer of version 1";
		return -1;
	}
	if (json_object_get_boolean(ok)) {
		if (json_object_object_get_ex(doc, "data", &v))
			*data = json_object_get(v);
		rc = 1;
	} else {
		const char *msg = "error answer without a message";

		if (json_object_object_get_ex(doc, "error", &v) && json_object_is_type(v, json_type_string))
			msg = json_object_get_string(v);
		*error = strdup(msg);
		rc = 0;
	}
	json_object_put(doc);
	return rc;
}
