/*
 * mutate: deterministic mutations of a text file, for the IDL
 * compiler's robustness test (mutation.sh).
 *
 *	mutate FILE SEED > MUTANT
 *
 * The file is split into tokens (words, numbers, single punctuation
 * characters, runs of blanks); SEED picks one mutation and its place:
 * delete, duplicate or swap tokens, replace a number by 0, a huge value
 * or a negative one, replace a word by a keyword, insert random bytes,
 * or truncate the file.  The same FILE and SEED always give the same
 * mutant.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MUTATE_MAX_TOKENS 200000

struct mutate_token {
	const char *text;
	size_t length;
};

static struct mutate_token mutate_tokens[MUTATE_MAX_TOKENS];
static size_t mutate_count;
static unsigned long mutate_state;

static unsigned long
mutate_random(void)
{
	mutate_state =
	    mutate_state * 6364136223846793005ul + 1442695040888963407ul;
	return mutate_state >> 33;
}

static void
mutate_split(const char *text, size_t length)
{
	size_t at = 0;

	while (at < length && mutate_count < MUTATE_MAX_TOKENS) {
		size_t start = at;
		unsigned char c = (unsigned char)text[at];

		if (isalnum(c) || c == '_')
			while (at < length &&
			       (isalnum((unsigned char)text[at]) ||
				text[at] == '_'))
				at++;
		else if (isspace(c))
			while (at < length && isspace((unsigned char)text[at]))
				at++;
		else
			at++;
		mutate_tokens[mutate_count].text = text + start;
		mutate_tokens[mutate_count].length = at - start;
		mutate_count++;
	}
}

static void
mutate_put(size_t i)
{
	fwrite(mutate_tokens[i].text, 1, mutate_tokens[i].length, stdout);
}

/* Print the tokens, with token `at` handled by `how`. */
static void
mutate_emit(size_t at, int how, size_t other)
{
	static const char *const words[] = {"routine",
					    "type",
					    "array",
					    "of",
					    "struct",
					    "subsystem",
					    "^",
					    "c_string",
					    "polymorphic",
					    "out",
					    "MACH_MSG_TYPE_INTEGER_32",
					    "(",
					    ")",
					    ";",
					    ":",
					    "[",
					    "]",
					    "*",
					    "skip",
					    "import",
					    "intran",
					    "ctype",
					    "/",
					    "0",
					    "|",
					    "-"};
	static const char *const numbers[] = {
	    "0",   "4294967295", "-1",		"99999999999999999999",
	    "1/0", "0x",	 "2147483647*8"};
	size_t i;

	for (i = 0; i < mutate_count; i++) {
		if (i != at) {
			mutate_put(i);
			continue;
		}
		switch (how) {
		case 0: /* delete */
			break;
		case 1: /* duplicate */
			mutate_put(i);
			mutate_put(i);
			break;
		case 2: /* swap with another */
			mutate_put(other);
			break;
		case 3: /* a number */
			fputs(numbers[mutate_random() % 7], stdout);
			break;
		case 4: /* a keyword or punctuation */
			fputs(words[mutate_random() % 26], stdout);
			break;
		default: /* random bytes */
			for (other = mutate_random() % 8 + 1; other > 0;
			     other--)
				putchar((int)(mutate_random() % 256));
			mutate_put(i);
			break;
		}
	}
}

int
main(int argc, char **argv)
{
	static char text[1 << 22];
	FILE *in;
	size_t length, at;
	int how;

	if (argc != 3 || (in = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: mutate FILE SEED\n");
		return 2;
	}
	length = fread(text, 1, sizeof(text), in);
	fclose(in);
	mutate_state = strtoul(argv[2], NULL, 10) * 7919 + 17;
	mutate_split(text, length);
	if (mutate_count == 0)
		return 0;
	how = (int)(mutate_random() % 7);
	at = mutate_random() % mutate_count;
	if (how == 6) { /* truncate */
		fwrite(text, 1, mutate_random() % length, stdout);
		return 0;
	}
	mutate_emit(at, how, mutate_random() % mutate_count);
	return 0;
}
