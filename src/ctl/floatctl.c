/* floatctl: asks a running floatd over its control socket and prints the
 * answer.  Thin by design: the daemon owns the data model, floatctl only
 * formats it.  Exit status: 0 ok, 1 the daemon answered with an error,
 * 2 the daemon could not be reached (or answered nonsense). */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"
#include "conf.h"
#include "ctl/ctl_proto.h"
#include "ctl/path.h"

#define EXIT_ANSWER_ERROR 1
#define EXIT_UNREACHABLE 2
#define EXIT_CHECK_WARNINGS 3   /* check: no error, some warnings (floatd -t's 3) */

struct options {
	const char *socket;
	bool json;
	int timeout_ms;
};

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: floatctl [--socket PATH] [--config-id ID] [--json] [--timeout SECS] COMMAND\n"
	        "commands:\n"
	        "  status [INSTANCE]          state, priorities, master, VIPs, trackers, counters,\n"
	        "                             the checker's virtual and real servers\n"
	        "  history [INSTANCE] [-n N]  the last transitions with their reasons (default 20)\n"
	        "  metrics                    Prometheus text exposition\n"
	        "  release INSTANCE|--all     planned handover: hand the VIPs over without a gap,\n"
	        "                             then stay BACKUP at priority 1 until resumed\n"
	        "  resume INSTANCE|--all      undo release: the configured priority again\n"
	        "  maintenance on|off         release every instance, kept across restarts\n"
	        "  dump                       the running configuration as floatd understood it\n"
	        "  reload                     read the configuration again and apply the difference;\n"
	        "                             a configuration with errors is refused (printed, exit 1)\n"
	        "  prepare-restart            the next stop (within 60 s) is a restart in place:\n"
	        "                             MASTERs keep their VIPs for the next floatd (upgrades)\n"
	        "  check [-f FILE]            check a file as floatd -t (default: the daemon's)\n"
	        "  version                    the daemon's version, pid and uptime\n"
	        "options:\n"
	        "  --socket PATH  the daemon's control socket (default $FLOATD_SOCKET, else %s)\n"
	        "  --config-id ID the socket of a floatd started with -i ID\n"
	        "  --json         print the answer's data as JSON\n"
	        "  --timeout SECS give up after SECS seconds (default 10)\n"
	        "exit status: 0 ok, 1 error answer, 2 daemon not reachable\n",
	        CTL_DEFAULT_SOCKET);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Waits for `events` on fd until the deadline; 0, or -1 (errno ETIMEDOUT). */
static int
wait_fd(int fd, short events, long deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		long left = deadline - now_ms();
		int n;

		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

/* Sends `request`, reads the whole answer (the daemon closes after it).
 * The answer is returned NUL-terminated, or NULL with a message printed. */
static char *
exchange(const struct options *o, const char *request)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	long deadline = now_ms() + o->timeout_ms;
	size_t len = 0, cap = 0, off = 0, rlen = strlen(request);
	char *buf = NULL;
	int fd;

	if (strlen(o->socket) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "floatctl: socket path too long: %s\n", o->socket);
		return NULL;
	}
	strcpy(sun.sun_path, o->socket);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		fprintf(stderr, "floatctl: cannot reach floatd at %s: %s\n", o->socket, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (off < rlen) {
		ssize_t n = send(fd, request + off, rlen - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EAGAIN && wait_fd(fd, POLLOUT, deadline) == 0)
			continue;
		if (n < 0)
			goto io_error;
		off += (size_t)n;
	}
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *p = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (p == NULL)
				goto io_error;
			buf = p;
		}
		n = recv(fd, buf + len, cap - len - 1, 0);
		if (n < 0 && errno == EAGAIN && wait_fd(fd, POLLIN, deadline) == 0)
			continue;
		if (n < 0)
			goto io_error;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (buf == NULL)
		buf = strdup("");
	buf[len] = '\0';
	return buf;
io_error:
	fprintf(stderr, "floatctl: talking to floatd at %s: %s\n", o->socket, strerror(errno));
	close(fd);
	free(buf);
	return NULL;
}

static void
print_version(struct json_object *data)
{
	struct json_object *v;

	printf("floatd %s", json_object_object_get_ex(data, "version", &v) ? json_object_get_string(v) : "?");
	if (json_object_object_get_ex(data, "pid", &v))
		printf(", pid %s", json_object_get_string(v));
	if (json_object_object_get_ex(data, "uptime_s", &v))
		printf(", up %s s", json_object_get_string(v));
	printf("\n");
}

static const char *
str(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || v == NULL)
		return "-";
	return json_object_get_string(v);
}

/* The checker's virtual servers, as the VRRP process last heard them. */
static void
print_checker(struct json_object *ck)
{
	struct json_object *list, *vs, *rss, *rs, *q;

	printf("checker: %s, generation %s, reloads %s applied / %s failed, starts %s%s\n",
	       json_object_get_boolean(json_object_object_get(ck, "running")) ? "running"
	                                                                       : "not running",
	       str(ck, "generation"), str(ck, "reloads_applied"), str(ck, "reloads_failed"),
	       str(ck, "starts"),
	       json_object_get_boolean(json_object_object_get(ck, "ipvs")) ? "" : ", no IPVS");
	if (!json_object_object_get_ex(ck, "virtual_servers", &list))
		return;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		vs = json_object_array_get_idx(list, i);
		q = json_object_object_get(vs, "quorum_up");
		printf("  VS %s %s %s: quorum %s %s (live weight %s)\n", str(vs, "name"),
		       str(vs, "protocol"), str(vs, "scheduler"), str(vs, "quorum"),
		       q == NULL ? "unknown" : json_object_get_boolean(q) ? "up" : "down",
		       str(vs, "live_weight"));
		if (!json_object_object_get_ex(vs, "real_servers", &rss))
			continue;
		for (size_t k = 0; k < json_object_array_length(rss); k++) {
			rs = json_object_array_get_idx(rss, k);
			printf("    %-24s %-7s weight %s (effective %s)\n", str(rs, "address"),
			       str(rs, "state"), str(rs, "weight"), str(rs, "effective_weight"));
		}
	}
}

static void
print_status(struct json_object *data)
{
	struct json_object *list, *inst, *v, *m;

	if (json_object_object_get_ex(data, "maintenance", &v) && json_object_get_boolean(v))
		printf("maintenance mode: on (every instance released)\n");
	if (json_object_object_get_ex(data, "reload", &v) && v != NULL) {
		printf("reloads: %s applied, %s refused", str(v, "ok"), str(v, "failed"));
		if (json_object_object_get_ex(v, "last", &m) && m != NULL)
			printf("; last %s at %s (%s ms)", str(m, "result"), str(m, "at"), str(m, "duration_ms"));
		printf("\n");
	}
	if (json_object_object_get_ex(data, "scheduling", &v) && v != NULL) {
		printf("scheduling: %s", str(v, "policy"));
		if (strcmp(str(v, "policy"), "SCHED_RR") == 0)
			printf(" priority %s", str(v, "rt_priority"));
		if (strcmp(str(v, "max_auto_priority"), "0") != 0)
			printf("; max_auto_priority %s (late by more than %s us: %s time(s), %s raise(s), "
			       "worst %s us)", str(v, "max_auto_priority"),
			       str(v, "min_auto_priority_delay_us"), str(v, "late_wakeups"),
			       str(v, "auto_raises"), str(v, "worst_late_us"));
		printf("\n");
	}
	if (!json_object_object_get_ex(data, "instances", &list))
		return;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		inst = json_object_array_get_idx(list, i);
		printf("%s: %s on %s, VRID %s (VRRPv%s), priority %s (base %s)\n", str(inst, "name"),
		       str(inst, "state"), str(inst, "interface"), str(inst, "vrid"), str(inst, "version"),
		       str(inst, "effective_priority"), str(inst, "base_priority"));
		if (json_object_object_get_ex(inst, "master", &m) && m != NULL)
			printf("  master:     %s priority %s\n", str(m, "address"), str(m, "priority"));
		else
			printf("  master:     unknown\n");
		if (json_object_object_get_ex(inst, "vips", &v)) {
			printf("  VIPs:      ");
			for (size_t k = 0; k < json_object_array_length(v); k++)
				printf(" %s", json_object_get_string(json_object_array_get_idx(v, k)));
			printf("\n");
		}
		if (json_object_object_get_ex(inst, "time_in_state_ms", &v))
			printf("  in state:   %.1f s\n", json_object_get_int64(v) / 1000.0);
		if (json_object_object_get_ex(inst, "last_transition", &v) && v != NULL)
			printf("  last:       %s %s -> %s (%s)\n", str(v, "at"), str(v, "from"), str(v, "to"),
			       str(v, "reason"));
		if (json_object_object_get_ex(inst, "fault_reason", &v))
			printf("  fault:      %s\n", json_object_get_string(v));
		if (json_object_object_get_ex(inst, "trackers", &v))
			for (size_t k = 0; k < json_object_array_length(v); k++) {
				struct json_object *t = json_object_array_get_idx(v, k), *x;

				printf("  track:      %s %s weight %s: %s\n", str(t, "kind"), str(t, "name"),
				       str(t, "weight"), json_object_object_get_ex(t, "value", &x)
				                             ? json_object_get_string(x) : str(t, "state"));
			}
		if (json_object_object_get_ex(inst, "counters", &v)) {
			struct json_object *drops;

			printf("  adverts:    sent %s, received %s; dual-master episodes %s\n",
			       str(v, "adverts_sent"), str(v, "adverts_received"),
			       str(v, "dual_master_episodes"));
			if (json_object_object_get_ex(v, "drops", &drops)) {
				int shown = 0;

				printf("  drops:     ");
				json_object_object_foreach(drops, k, n)
					if (json_object_get_int64(n) != 0) {
						printf(" %s %s", k, json_object_get_string(n));
						shown++;
					}
				printf("%s\n", shown ? "" : " none");
			}
		}
	}
	if (json_object_object_get_ex(data, "checker", &v) && v != NULL)
		print_checker(v);
}

static void
print_history(struct json_object *data)
{
	struct json_object *list;

	if (!json_object_object_get_ex(data, "transitions", &list))
		return;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *e = json_object_array_get_idx(list, i);

		printf("%s %s %s -> %s: %s\n", str(e, "at"), str(e, "instance"), str(e, "from"),
		       str(e, "to"), str(e, "reason"));
	}
}

static void
print_changed(struct json_object *data)
{
	printf("%s instance(s) changed\n", str(data, "changed"));
}

static void
print_reload(struct json_object *data)
{
	printf("%s\n", str(data, "result"));
}

static void
print_prepared(struct json_object *data)
{
	printf("a stop within %s s is a restart in place: %s MASTER instance(s) keep their VIPs "
	       "for the next floatd\n", str(data, "seconds"), str(data, "masters"));
}

/* metrics, dump: the daemon sends text */
static void
print_metrics(struct json_object *data)
{
	fputs(str(data, "text"), stdout);
}

/* Human formatters by command; a command without one prints its JSON. */
static const struct {
	const char *command;
	void (*print)(struct json_object *);
} formatters[] = {
	{ "version", print_version },
	{ "status", print_status },
	{ "history", print_history },
	{ "metrics", print_metrics },
	{ "release", print_changed },
	{ "resume", print_changed },
	{ "maintenance", print_changed },
	{ "dump", print_metrics },
	{ "reload", print_reload },
	{ "prepare-restart", print_prepared },
};

/* The request's args from the words after the command. */
static struct json_object *
command_args(const char *command, int argc, char **argv, bool *json, const char **err)
{
	struct json_object *args = json_object_new_object();

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {   /* also after the command */
			*json = true;
		} else if (strcmp(command, "history") == 0 && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			char *end;
			long n = strtol(argv[++i], &end, 10);

			if (*end != '\0') {
				*err = "-n takes a number";
				json_object_put(args);
				return NULL;
			}
			json_object_object_add(args, "n", json_object_new_int64(n));
		} else if (strcmp(command, "maintenance") == 0 &&
		           (strcmp(argv[i], "on") == 0 || strcmp(argv[i], "off") == 0)) {
			json_object_object_add(args, "on", json_object_new_boolean(argv[i][1] == 'n'));
		} else if ((strcmp(command, "release") == 0 || strcmp(command, "resume") == 0) &&
		           strcmp(argv[i], "--all") == 0) {
			json_object_object_add(args, "all", json_object_new_boolean(1));
		} else if ((strcmp(command, "status") == 0 || strcmp(command, "history") == 0 ||
		            strcmp(command, "release") == 0 || strcmp(command, "resume") == 0) &&
		           argv[i][0] != '-' && !json_object_object_get_ex(args, "instance", NULL)) {
			json_object_object_add(args, "instance", json_object_new_string(argv[i]));
		} else {
			*err = "unexpected argument";
			json_object_put(args);
			return NULL;
		}
	}
	return args;
}

/* One request; on success *data is the answer's data (put it), and the
 * exit status for floatctl otherwise, with the message printed. */
static int
ask(const struct options *o, const char *command, struct json_object *args,
    struct json_object **data)
{
	char *request, *answer, *error = NULL;
	int rc;

	*data = NULL;
	request = ctl_proto_request(command, args);
	if (request == NULL)
		return EXIT_UNREACHABLE;
	answer = exchange(o, request);
	free(request);
	if (answer == NULL)
		return EXIT_UNREACHABLE;
	rc = ctl_proto_parse_answer(answer, strlen(answer), data, &error);
	free(answer);
	if (rc < 0) {
		fprintf(stderr, "floatctl: %s: %s\n", o->socket, error);
		return EXIT_UNREACHABLE;
	}
	if (rc == 0) {
		fprintf(stderr, "floatctl: %s\n", error);
		free(error);
		return EXIT_ANSWER_ERROR;
	}
	return 0;
}

static void
report_problem(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s:%d: %s: %s", file, line,
	         sev == CONF_ERROR ? "error" : "warning", msg);
	if (arg != NULL)
		json_object_array_add(arg, json_object_new_string(buf));
	else
		fprintf(stderr, "%s\n", buf);
}

/* check [-f FILE]: parse as `floatd -t` does, here in floatctl (the daemon
 * never reads a file on a client's behalf).  Without -f, the running
 * daemon's file and config id.  Exit as floatd -t: 0 clean, 1 errors,
 * 3 warnings only; 2 no daemon to ask. */
static int
run_check(const struct options *o, int argc, char **argv)
{
	struct json_object *problems = o->json ? json_object_new_array() : NULL;
	struct conf_diag diag = { .report = report_problem, .arg = problems };
	struct json_object *info = NULL, *v;
	struct floatd_conf *conf = NULL;
	const char *file = NULL, *id = NULL;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) {
			file = argv[++i];
		} else if (strcmp(argv[i], "--json") != 0) {
			fprintf(stderr, "floatctl: check: unexpected argument '%s'\n", argv[i]);
			json_object_put(problems);
			return EXIT_ANSWER_ERROR;
		}
	}
	if (file == NULL) {
		rc = ask(o, "version", NULL, &info);
		if (rc != 0) {
			json_object_put(problems);
			return rc;
		}
		if (json_object_object_get_ex(info, "config_file", &v))
			file = json_object_get_string(v);
		if (json_object_object_get_ex(info, "config_id", &v) && v != NULL)
			id = json_object_get_string(v);
	}
	if (file == NULL)
		file = FLOATD_DEFAULT_CONF;
	if (id != NULL)
		floatd_conf_load_id(file, id, &diag, &conf);
	else
		floatd_conf_load(file, &diag, &conf);
	floatd_conf_free(conf);
	if (problems != NULL) {
		struct json_object *out = json_object_new_object();

		json_object_object_add(out, "file", json_object_new_string(file));
		json_object_object_add(out, "errors", json_object_new_int64(diag.errors));
		json_object_object_add(out, "warnings", json_object_new_int64(diag.warnings));
		json_object_object_add(out, "problems", problems);
		printf("%s\n", json_object_to_json_string_ext(out, JSON_C_TO_STRING_PRETTY |
		                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(out);
	} else if (diag.errors > 0) {
		fprintf(stderr, "floatctl: %s: %u error(s), %u warning(s)\n", file, diag.errors,
		        diag.warnings);
	} else {
		printf("%s: configuration OK (%u warning(s))\n", file, diag.warnings);
	}
	json_object_put(info);
	if (diag.errors > 0)
		return EXIT_ANSWER_ERROR;
	return diag.warnings > 0 ? EXIT_CHECK_WARNINGS : 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "config-id", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = { .timeout_ms = 10000 };
	char id_path[108];
	struct json_object *data = NULL;
	const char *command;
	int opt, rc;

	o.socket = getenv("FLOATD_SOCKET");
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (opt) {
		case 's': o.socket = optarg; break;
		case 'i':
			if (ctl_path_for_id(optarg, id_path, sizeof(id_path)) < 0) {
				fprintf(stderr, "floatctl: config id too long: %s\n", optarg);
				return EXIT_ANSWER_ERROR;
			}
			o.socket = id_path;
			break;
		case 'j': o.json = true; break;
		case 'T': o.timeout_ms = atoi(optarg) * 1000; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("floatctl %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr); return EXIT_ANSWER_ERROR;
		}
	}
	if (o.socket == NULL || *o.socket == '\0')
		o.socket = CTL_DEFAULT_SOCKET;
	if (o.timeout_ms <= 0)
		o.timeout_ms = 10000;
	if (optind >= argc) {
		usage(stderr);
		return EXIT_ANSWER_ERROR;
	}
	command = argv[optind];
	if (strcmp(command, "check") == 0)
		return run_check(&o, argc - optind - 1, argv + optind + 1);
	{
		const char *err = NULL;
		struct json_object *args = command_args(command, argc - optind - 1, argv + optind + 1,
		                                         &o.json, &err);

		if (args == NULL) {
			fprintf(stderr, "floatctl: %s: %s\n", command, err);
			usage(stderr);
			return EXIT_ANSWER_ERROR;
		}
		rc = ask(&o, command, args, &data);
	}
	if (rc != 0)
		return rc;
	if (o.json) {
		printf("%s\n", json_object_to_json_string_ext(data, JSON_C_TO_STRING_PRETTY |
		                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		size_t i;

		for (i = 0; i < sizeof(formatters) / sizeof(*formatters); i++)
			if (strcmp(formatters[i].command, command) == 0)
				break;
		if (i < sizeof(formatters) / sizeof(*formatters))
			formatters[i].print(data);
		else
			printf("%s\n", json_object_to_json_string_ext(data, JSON_C_TO_STRING_PRETTY));
	}
	json_object_put(data);
	return 0;
}
