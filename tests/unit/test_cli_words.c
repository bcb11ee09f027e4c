// SPDX-License-Identifier: GPL-2.0
/*
 * The command line's words (unique prefixes, suggestions, ambiguity), the
 * text escaper of untrusted names, and the JSON writer's two layouts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cli_words.h"
#include "json_writer.h"
#include "text_escape.h"

static const char *const commands[] = { "attach", "detach", "status", "stats", "show",
					"replay", "check", "config", "clear" };
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void test_prefixes(void **state)
{
	(void)state;
	assert_int_equal(cli_word_match("show", commands, N_COMMANDS), 4);
	assert_int_equal(cli_word_match("sh", commands, N_COMMANDS), 4);
	assert_int_equal(cli_word_match("a", commands, N_COMMANDS), 0);
	assert_int_equal(cli_word_match("stat", commands, N_COMMANDS), CLI_WORD_AMBIGUOUS);
	/* a whole keyword wins over the longer ones it starts */
	assert_int_equal(cli_word_match("status", commands, N_COMMANDS), 2);
	assert_int_equal(cli_word_match("s", commands, N_COMMANDS), CLI_WORD_AMBIGUOUS);
	assert_int_equal(cli_word_match("", commands, N_COMMANDS), CLI_WORD_NONE);
	assert_int_equal(cli_word_match("shows", commands, N_COMMANDS), CLI_WORD_NONE);
}

static void test_suggestions(void **state)
{
	(void)state;
	assert_string_equal(cli_word_suggest("shwo", commands, N_COMMANDS), "show");
	assert_string_equal(cli_word_suggest("atach", commands, N_COMMANDS), "attach");
	assert_string_equal(cli_word_suggest("replya", commands, N_COMMANDS), "replay");
	assert_string_equal(cli_word_suggest("chek", commands, N_COMMANDS), "check");
	assert_null(cli_word_suggest("frobnicate", commands, N_COMMANDS));
	assert_null(cli_word_suggest("xy", commands, N_COMMANDS));
}

static void test_error_lines(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(cli_word_error(buf, sizeof(buf), "command", "c", commands, N_COMMANDS),
			    "ambiguous command \"c\" (could be: check, config, clear)");
	assert_string_equal(cli_word_error(buf, sizeof(buf), "command", "shwo", commands,
					   N_COMMANDS),
			    "unknown command \"shwo\" (did you mean \"show\"?)");
	assert_string_equal(cli_word_error(buf, sizeof(buf), "command", "zzzzzz", commands, 3),
			    "unknown command \"zzzzzz\" (expected: attach, detach, status)");
}

static void test_text_escape(void **state)
{
	char out[64], tiny[5];

	(void)state;
	assert_int_equal(text_escape(out, sizeof(out), "eth0"), 4);
	assert_string_equal(out, "eth0");
	text_escape(out, sizeof(out), "x\"y\\z");
	assert_string_equal(out, "x\"y\\\\z");
	text_escape(out, sizeof(out), "a\x1b[2Jb\x7f\xc3\xa9\n");
	assert_string_equal(out, "a\\x1b[2Jb\\x7f\\xc3\\xa9\\x0a");
	/* cut at a whole escape, never inside one */
	assert_int_equal(text_escape(tiny, sizeof(tiny), "a\x1b"), 1);
	assert_string_equal(tiny, "a");
}

static char *render(bool pretty)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct jw *w = malloc(sizeof(*w));

	assert_non_null(f);
	assert_non_null(w);
	jw_init(w, f, pretty);
	jw_open(w, NULL, '{');
	jw_ku64(w, "schema", ALG_JSON_SCHEMA);
	jw_kstr(w, "name", "a\"b\\c\x1b");
	jw_kbool(w, "ok", true);
	jw_kfixed3(w, "share", 0.35549);
	jw_open(w, "empty", '[');
	jw_close(w, ']');
	jw_open(w, "list", '[');
	jw_open(w, NULL, '{');
	jw_knull(w, "x");
	jw_close(w, '}');
	jw_close(w, ']');
	jw_close(w, '}');
	assert_int_equal(jw_finish(w), 0);
	fclose(f);
	free(w);
	return text;
}

static void test_json_layouts(void **state)
{
	char *compact = render(false), *pretty = render(true);

	(void)state;
	assert_string_equal(compact, "{\"schema\":2,\"name\":\"a\\\"b\\\\c\\u001b\",\"ok\":true,"
				     "\"share\":0.355,\"empty\":[],\"list\":[{\"x\":null}]}\n");
	assert_string_equal(pretty, "{\n  \"schema\": 2,\n  \"name\": \"a\\\"b\\\\c\\u001b\",\n"
				    "  \"ok\": true,\n  \"share\": 0.355,\n  \"empty\": [],\n"
				    "  \"list\": [\n    {\n      \"x\": null\n    }\n  ]\n}\n");
	free(compact);
	free(pretty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_error_lines),
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_json_layouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
