// SPDX-License-Identifier: GPL-2.0
/* Running a program and measuring it (see proc.h). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "proc.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int bench_proc_run(char *const argv[], const char *out_path, struct bench_proc *res)
{
	struct rusage ru;
	double start = now_ms();
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(127);
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	res->wall_ms = now_ms() - start;
	res->peak_rss_mib = ru.ru_maxrss / 1024.0; /* KiB on Linux */
	res->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return 0;
}

long bench_file_count(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	size_t nl = strlen(needle), cap = 0;
	char *line = NULL;
	long n = 0;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0)
		for (char *p = line; (p = strstr(p, needle)); p += nl)
			n++;
	free(line);
	fclose(f);
	return n;
}
