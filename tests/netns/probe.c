/* probe: the integration tests' client.  Sends ICMP echo requests to an
 * address every N ms (the kernel of whichever host holds the VIP answers,
 * so no server is needed) and measures the longest interval without a
 * reply, which is what a client sees of a failover.
 *
 * Usage: probe [-i INTERVAL_MS] [-d DURATION_S] [-n REPLIES] ADDR
 * Stops after DURATION_S (always bounded), on SIGINT/SIGTERM, or after
 * REPLIES replies when -n is given.  Prints one summary line:
 *   sent=N received=M longest_gap_ms=G gap_start_ms=S first_reply_ms=F
 *   last_reply_ms=L duration_ms=D start_epoch=E
 * Times are relative to the start (CLOCK_MONOTONIC); the longest gap
 * counts the start->first-reply and last-reply->end intervals too;
 * start_epoch (CLOCK_REALTIME) lets a test relate them to its own events.
 * Exit 0 if any reply arrived, 1 if none, 2 on error.  Needs root (raw
 * socket).  Never touches the neighbour table: a test measuring failover
 * must see what a real client with a warm ARP cache sees. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t probe_stop;

static void
probe_on_signal(int sig)
{
	(void)sig;
	probe_stop = 1;
}

static int64_t
probe_now_us(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* RFC 1071 Internet checksum. */
static uint16_t
probe_cksum(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static void
probe_usage(void)
{
	fprintf(stderr, "usage: probe [-i interval_ms] [-d duration_s] [-n replies] addr\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	long interval_ms = 10, duration_s = 10, want = 0;
	struct sockaddr_in dst = { .sin_family = AF_INET };
	static uint8_t seen[65536];
	uint16_t ident = (uint16_t)getpid(), seq = 0;
	unsigned long sent = 0, received = 0;
	int64_t start, end, next_send, last = -1, first = -1, gap = 0, gap_start = 0, t;
	double start_epoch;
	struct sigaction sa;
	int c, fd;

	while ((c = getopt(argc, argv, "i:d:n:")) != -1) {
		switch (c) {
		case 'i': interval_ms = strtol(optarg, NULL, 10); break;
		case 'd': duration_s = strtol(optarg, NULL, 10); break;
		case 'n': want = strtol(optarg, NULL, 10); break;
		default: probe_usage();
		}
	}
	if (optind != argc - 1 || interval_ms < 1 || duration_s < 1 || want < 0 ||
	    inet_pton(AF_INET, argv[optind], &dst.sin_addr) != 1)
		probe_usage();

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0) {
		perror("probe: socket");
		return 2;
	}
	/* Only echo replies reach us; the filter is a bit mask of types to drop. */
	struct icmp_filter filt = { .data = ~(1U << ICMP_ECHOREPLY) };
	setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt));

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = probe_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	start_epoch = (double)probe_now_us(CLOCK_REALTIME) / 1e6;
	start = probe_now_us(CLOCK_MONOTONIC);
	end = start + (int64_t)duration_s * 1000000;
	next_send = start;

	while (!probe_stop) {
		t = probe_now_us(CLOCK_MONOTONIC);
		if (t >= end)
			break;
		if (t >= next_send) {
			struct { struct icmphdr h; uint8_t pad[16]; } req;

			memset(&req, 0, sizeof(req));
			req.h.type = ICMP_ECHO;
			req.h.un.echo.id = htons(ident);
			req.h.un.echo.sequence = htons(seq);
			req.h.checksum = probe_cksum(&req, sizeof(req));
			seen[seq] = 0;
			/* A failed send (no route, link down) is still a sent probe. */
			sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&dst, sizeof(dst));
			sent++;
			seq++;
			next_send += interval_ms * 1000;
			if (next_send < t)
				next_send = t + interval_ms * 1000;
		}
		int64_t wake = next_send < end ? next_send : end;
		int timeout = (int)((wake - t + 999) / 1000);
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, timeout < 0 ? 0 : timeout) <= 0)
			continue;

		uint8_t buf[1500];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < (ssize_t)sizeof(struct iphdr))
			continue;
		size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
		if ((size_t)n < ihl + sizeof(struct icmphdr) || from.sin_addr.s_addr != dst.sin_addr.s_addr)
			continue;
		struct icmphdr ih;
		memcpy(&ih, buf + ihl, sizeof(ih));
		if (ih.type != ICMP_ECHOREPLY || ntohs(ih.un.echo.id) != ident)
			continue;
		uint16_t rs = ntohs(ih.un.echo.sequence);
		if (seen[rs])
			continue;
		seen[rs] = 1;
		t = probe_now_us(CLOCK_MONOTONIC);
		received++;
		if (first < 0)
			first = t;
		int64_t prev = last < 0 ? start : last;
		if (t - prev > gap) {
			gap = t - prev;
			gap_start = prev;
		}
		last = t;
		if (want && received >= (unsigned long)want)
			break;
	}
	t = probe_now_us(CLOCK_MONOTONIC);
	if (t - (last < 0 ? start : last) > gap && !(want && received >= (unsigned long)want)) {
		gap = t - (last < 0 ? start : last);
		gap_start = last < 0 ? start : last;
	}
	printf("sent=%lu received=%lu longest_gap_ms=%lld gap_start_ms=%lld first_reply_ms=%lld "
	       "last_reply_ms=%lld duration_ms=%lld start_epoch=%.6f\n",
	       sent, received, (long long)(gap / 1000), (long long)((gap_start - start) / 1000),
	       (long long)(first < 0 ? -1 : (first - start) / 1000),
	       (long long)(last < 0 ? -1 : (last - start) / 1000),
	       (long long)((t - start) / 1000), start_epoch);
	close(fd);
	return received ? 0 : 1;
}
