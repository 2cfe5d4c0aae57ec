/* rawsend: the integration tests' hostile LAN host.  Sends Ethernet frames
 * from a packet socket on one interface of a test namespace.
 *
 * Usage:
 *   rawsend arp-flood IFNAME SECONDS [SENDER]
 *       ARP requests as fast as the socket takes them, for SECONDS (always
 *       bounded): "who-has 10.255.x.y tell 10.254.x.y" from random senders
 *       and a random source MAC, broadcast, like a scan or a broken host.
 *       With SENDER (an IPv4 address): ARP replies "SENDER is-at <random
 *       MAC>" instead, the frames a filter on the sender cannot stop.
 *   rawsend pcap IFNAME FILE
 *       every frame of a pcap file (tcpdump -w, Ethernet link type) once,
 *       in order, 10 ms apart: a replay of captured traffic.
 * Prints one line: "sent=N seconds=S rate=R" (frames per second).
 * Exit 0 if any frame was sent, 1 if none, 2 on error.  Needs root
 * (CAP_NET_RAW).  Only for test namespaces: the flood saturates the link. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
open_sock(const char *ifname, struct sockaddr_ll *to)
{
	int fd = socket(AF_PACKET, SOCK_RAW, 0);   /* protocol 0: receives nothing */

	if (fd < 0) {
		perror("rawsend: socket");
		return -1;
	}
	memset(to, 0, sizeof(*to));
	to->sll_family = AF_PACKET;
	to->sll_ifindex = (int)if_nametoindex(ifname);
	to->sll_halen = ETH_ALEN;
	if (to->sll_ifindex == 0) {
		fprintf(stderr, "rawsend: no interface %s\n", ifname);
		close(fd);
		return -1;
	}
	return fd;
}

static uint32_t rnd_state = 2463534242u;

static uint32_t
rnd(void)
{
	/* xorshift32: fast enough not to limit the rate */
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static int
arp_flood(const char *ifname, double seconds, const struct in_addr *sender)
{
	struct sockaddr_ll to;
	uint8_t f[60] = { 0 };     /* minimum Ethernet payload, padded */
	unsigned long sent = 0;
	double start, end;
	int fd = open_sock(ifname, &to);

	if (fd < 0)
		return 2;
	rnd_state ^= (uint32_t)getpid();
	memset(f, 0xff, 6);                         /* broadcast */
	f[12] = 0x08; f[13] = 0x06;                 /* ARP */
	f[14] = 0; f[15] = 1; f[16] = 0x08; f[17] = 0; f[18] = 6; f[19] = 4;
	f[20] = 0; f[21] = sender ? 2 : 1;          /* reply : request */
	to.sll_protocol = htons(ETH_P_ARP);
	memset(to.sll_addr, 0xff, ETH_ALEN);
	start = now_s();
	end = start + seconds;
	while (now_s() < end) {
		for (int burst = 0; burst < 256; burst++) {
			uint32_t r = rnd();

			f[6] = 0x02; f[7] = 0x42;            /* locally administered */
			memcpy(f + 8, &r, 4);
			memcpy(f + 22, f + 6, 6);            /* sender MAC */
			f[28] = 10; f[29] = 254; f[30] = (uint8_t)(r >> 8); f[31] = (uint8_t)r;
			if (sender)
				memcpy(f + 28, &sender->s_addr, 4);
			f[38] = 10; f[39] = 255; f[40] = (uint8_t)(r >> 16); f[41] = (uint8_t)(r >> 24);
			if (sendto(fd, f, sizeof(f), 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
				if (errno == ENOBUFS || errno == EAGAIN)
					continue;           /* the queue is full: that is the point */
				perror("rawsend: sendto");
				close(fd);
				return 2;
			}
			sent++;
		}
	}
	printf("sent=%lu seconds=%.3f rate=%.0f\n", sent, now_s() - start,
	       (double)sent / (now_s() - start));
	close(fd);
	return sent > 0 ? 0 : 1;
}

static uint32_t
get32(const uint8_t *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static int
pcap_replay(const char *ifname, const char *path)
{
	struct sockaddr_ll to;
	uint8_t hdr[24], rec[16], frame[65536];
	unsigned long sent = 0;
	double start = now_s();
	int swap, fd;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL) {
		perror(path);
		return 2;
	}
	if (fread(hdr, 1, sizeof(hdr), fp) != sizeof(hdr)) {
		fprintf(stderr, "rawsend: %s: short pcap header\n", path);
		fclose(fp);
		return 2;
	}
	/* microsecond or nanosecond pcap, either byte order */
	swap = get32(hdr, 0) == 0xd4c3b2a1u || get32(hdr, 0) == 0x4d3cb2a1u;
	if (get32(hdr, swap) != 0xa1b2c3d4u && get32(hdr, swap) != 0xa1b23c4du) {
		fprintf(stderr, "rawsend: %s: not a pcap file\n", path);
		fclose(fp);
		return 2;
	}
	if (get32(hdr + 20, swap) != 1) {
		fprintf(stderr, "rawsend: %s: link type %u, want Ethernet (1)\n", path,
		        get32(hdr + 20, swap));
		fclose(fp);
		return 2;
	}
	if ((fd = open_sock(ifname, &to)) < 0) {
		fclose(fp);
		return 2;
	}
	while (fread(rec, 1, sizeof(rec), fp) == sizeof(rec)) {
		uint32_t len = get32(rec + 8, swap);
		struct timespec gap = { 0, 10 * 1000 * 1000 };

		if (len > sizeof(frame) || fread(frame, 1, len, fp) != len) {
			fprintf(stderr, "rawsend: %s: truncated record\n", path);
			break;
		}
		if (len < ETH_HLEN)
			continue;
		memcpy(to.sll_addr, frame, ETH_ALEN);
		to.sll_protocol = (uint16_t)(frame[12] | frame[13] << 8);   /* already network order */
		if (sendto(fd, frame, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			perror("rawsend: sendto");
			break;
		}
		sent++;
		nanosleep(&gap, NULL);
	}
	printf("sent=%lu seconds=%.3f rate=%.0f\n", sent, now_s() - start,
	       (double)sent / (now_s() - start));
	fclose(fp);
	close(fd);
	return sent > 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "arp-flood") == 0) {
		double s = atof(argv[3]);
		struct in_addr sender;

		if (s <= 0 || s > 60) {
			fprintf(stderr, "rawsend: SECONDS must be in (0, 60]\n");
			return 2;
		}
		if (argc == 5 && inet_pton(AF_INET, argv[4], &sender) != 1) {
			fprintf(stderr, "rawsend: bad SENDER %s\n", argv[4]);
			return 2;
		}
		return arp_flood(argv[2], s, argc == 5 ? &sender : NULL);
	}
	if (argc == 4 && strcmp(argv[1], "pcap") == 0)
		return pcap_replay(argv[2], argv[3]);
	fprintf(stderr, "usage: rawsend arp-flood IFNAME SECONDS [SENDER] | rawsend pcap IFNAME FILE\n");
	return 2;
}
