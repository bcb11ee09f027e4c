// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the test VM: mounts what the tests need, runs `algtrack check`
 * and every datapath test in /tests, prints one result line and powers the
 * machine off. Built static; the programs it runs bring their libraries.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void mount_fs(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL))
		fprintf(stderr, "vminit: mounting %s on %s failed\n", type, dir);
}

/* Starts argv with its output going to `out` (or the console when NULL). */
static pid_t start(char *const argv[], const char *out)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (out) {
			int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (fd < 0)
				_exit(125);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Waits for pid; returns its exit status (128+N for a signal). */
static int finish(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 126;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void print_file(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(void)
{
	char *check[] = { "/bin/algtrack", "check", "--json", NULL };
	struct dirent **tests;
	int passed = 0, failed = 0, n, i, fd;
	pid_t *pids;

	mount_fs("devtmpfs", "/dev", "devtmpfs");
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("bpf", "/sys/fs/bpf", "bpf");
	setenv("PATH", "/bin", 1);

	printf("ALGTRACK-VM-CHECK-BEGIN\n");
	fflush(stdout);
	if (finish(start(check, NULL)) == 0)
		passed++;
	else
		failed++;
	printf("ALGTRACK-VM-CHECK-END\n");

	/* All tests at once, one log each: the VM has a CPU per emulation thread. */
	mkdir("/out", 0755);
	n = scandir("/tests", &tests, NULL, by_name);
	pids = calloc(n > 0 ? n : 1, sizeof(*pids));

	for (i = 0; i < n && pids; i++) {
		char path[512], out[512];
		char *argv[] = { path, NULL };

		pids[i] = -1;
		if (tests[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/tests/%s", tests[i]->d_name);
		snprintf(out, sizeof(out), "/out/%s", tests[i]->d_name);
		pids[i] = start(argv, out);
	}
	for (i = 0; i < n && pids; i++) {
		char out[512];
		int rc;

		if (tests[i]->d_name[0] != '.') {
			rc = finish(pids[i]);
			snprintf(out, sizeof(out), "/out/%s", tests[i]->d_name);
			print_file(out);
			printf("ALGTRACK-VM-TEST %s exit %d\n", tests[i]->d_name, rc);
			if (rc == 0)
				passed++;
			else
				failed++;
		}
		free(tests[i]);
	}
	free(pids);
	if (n > 0)
		free(tests);
	printf("ALGTRACK-VM-RESULT: %d passed, %d failed\n", passed, failed);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
