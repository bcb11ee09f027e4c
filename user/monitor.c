// SPDX-License-Identifier: GPL-2.0
/*
 * `monitor`: the data path's events as they happen, one line each, until
 * SIGINT or SIGTERM. The data path writes events only while a reader holds
 * the lease in config.events_until_ns: renewed here every second, a few
 * seconds ahead, and set to 0 on exit, so that a monitor that is killed
 * stops the events one lease later at the latest. One reader at a time: a
 * ring buffer has a single consumer position.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "clock.h"
#include "commands.h"
#include "event_format.h"
#include "loader.h"
#include "log.h"
#include "maps.h"

/* How far ahead the lease is held, and how often it is renewed. */
#define MONITOR_LEASE_NS (3 * ALG_NS_PER_SEC)
#define MONITOR_RENEW_NS (1 * ALG_NS_PER_SEC)
/* The data path wakes the reader only when its ring fills up: a poll times out this often. */
#define MONITOR_POLL_MS 100

struct monitor {
	int json;
	int discard;        /* events written before this monitor started: skipped */
	__s64 wall_offset_ns;
	int config_fd;
	int events_fd;
	int dropped_fd;
	unsigned long long printed;
	unsigned long long malformed;
	int out_error;      /* stdout went away (a closed pipe) */
};

static volatile sig_atomic_t monitor_stop;

static void on_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct monitor *m = ctx;
	char line[EVENT_TEXT_MAX];
	size_t n;

	if (m->discard)
		return 0;
	if (size < sizeof(struct alg_event_record)) {
		m->malformed++;
		return 0;
	}
	n = m->json ? event_format_json(data, m->wall_offset_ns, line)
		    : event_format_text(data, m->wall_offset_ns, line);
	if (!n) {
		m->malformed++;
		return 0;
	}
	if (fwrite(line, 1, n, stdout) != n) {
		m->out_error = 1;
		return -EPIPE;
	}
	m->printed++;
	return 0;
}

static __s64 wall_offset_ns(void)
{
	struct timespec rt;

	clock_gettime(CLOCK_REALTIME, &rt);
	return (__s64)rt.tv_sec * (__s64)ALG_NS_PER_SEC + rt.tv_nsec - (__s64)clock_monotonic_ns();
}

/* The lease: held until `until` (0 gives it up). */
static int lease_set(const struct monitor *m, __u64 until)
{
	struct alg_config cfg;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(m->config_fd, &zero, &cfg))
		return -errno;
	cfg.events_until_ns = until;
	return bpf_map_update_elem(m->config_fd, &zero, &cfg, BPF_EXIST) ? -errno : 0;
}

/* One reader at a time: a lock on the pin directory, held while this process lives. */
static int reader_lock(void)
{
	int fd = open(ALG_PIN_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		log_error("cannot open %s: %s", ALG_PIN_ROOT, strerror(errno));
		return -1;
	}
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return fd;
	if (errno == EWOULDBLOCK)
		log_error("another 'algtrack monitor' is reading the events (one reader at a time)");
	else
		log_error("cannot lock %s: %s", ALG_PIN_ROOT, strerror(errno));
	close(fd);
	return -1;
}

static int open_pins(struct monitor *m)
{
	static const char *const names[] = { "config", "events", "events_dropped" };
	int *fds[] = { &m->config_fd, &m->events_fd, &m->dropped_fd };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		*fds[i] = maps_open_pinned(names[i]);
		if (*fds[i] < 0) {
			if (errno != EINVAL)
				log_error("the pinned map %s/%s is missing (%s): run 'algtrack detach --all' "
					  "and attach again", ALG_PIN_ROOT, names[i], strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void close_pins(struct monitor *m)
{
	int fds[] = { m->config_fd, m->events_fd, m->dropped_fd };

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static void signals_catch(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A closed pipe shows as a failed write, which ends the loop. */
	signal(SIGPIPE, SIG_IGN);
}

/* Reads events until a signal, a closed stdout or a detach; 0 or -1. */
static int monitor_loop(struct monitor *m, struct ring_buffer *rb)
{
	__u64 renew_at = 0;
	int n;

	while (!monitor_stop && !m->out_error) {
		__u64 now = clock_monotonic_ns();

		if (now >= renew_at) {
			if (!loader_is_attached()) {
				log_info("the tracker was detached: no more events");
				return 0;
			}
			n = lease_set(m, now + MONITOR_LEASE_NS);
			if (n) {
				log_error("writing the configuration failed: %s", strerror(-n));
				return -1;
			}
			renew_at = now + MONITOR_RENEW_NS;
		}
		n = ring_buffer__poll(rb, MONITOR_POLL_MS);
		if (n >= 0 || n == -EINTR)
			n = ring_buffer__consume(rb);
		if (n < 0 && n != -EINTR && !m->out_error) {
			log_error("reading the events failed: %s", strerror(-n));
			return -1;
		}
		if (fflush(stdout))
			m->out_error = 1;
	}
	return 0;
}

int monitor_events(int json)
{
	struct monitor m = { .json = json, .config_fd = -1, .events_fd = -1, .dropped_fd = -1 };
	struct ring_buffer *rb = NULL;
	__u64 dropped_before = 0, dropped_after = 0;
	int lock_fd = -1, rc = -1, e;

	if (attach_preflight())
		return -1;
	if (!loader_is_attached()) {
		log_fail(ALG_EXIT_NOT_ATTACHED, "not attached anywhere (see 'algtrack attach')");
		return -1;
	}
	if (open_pins(&m))
		goto out;
	lock_fd = reader_lock();
	if (lock_fd < 0)
		goto out;
	rb = ring_buffer__new(m.events_fd, on_event, &m, NULL);
	if (!rb) {
		log_error("opening the event ring buffer failed: %s", strerror(errno));
		goto out;
	}
	/* What an earlier monitor left unread (it was killed) is not news. */
	m.discard = 1;
	ring_buffer__consume(rb);
	m.discard = 0;
	e = maps_events_dropped(m.dropped_fd, &dropped_before);
	if (e) {
		log_error("reading the dropped-event count failed: %s", strerror(-e));
		goto out;
	}
	m.wall_offset_ns = wall_offset_ns();
	signals_catch();
	rc = monitor_loop(&m, rb);
	e = lease_set(&m, 0);
	if (e)
		log_error("giving up the event lease failed: %s (events stop within %llu s)", strerror(-e),
			  MONITOR_LEASE_NS / ALG_NS_PER_SEC);
	/* What was written before the lease ended. */
	if (!m.out_error) {
		ring_buffer__consume(rb);
		fflush(stdout);
	}
	if (!maps_events_dropped(m.dropped_fd, &dropped_after))
		log_info("%llu events, %llu dropped (the ring buffer was full)%s", m.printed,
			 (unsigned long long)(dropped_after - dropped_before),
			 m.malformed ? ", some records unreadable" : "");
out:
	ring_buffer__free(rb);
	if (lock_fd >= 0)
		close(lock_fd);
	close_pins(&m);
	return rc;
}
