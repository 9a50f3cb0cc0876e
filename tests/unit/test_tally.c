/*
 * test_tally.c - the joint-review tally (review_decide in review_panel.c) as a
 * boundary table: quorum, pass share, ties, abstentions, veto, no panel.
 * Each row is one case: add a row to extend it.
 */
#include "helpers.h"

#include "policy.h"
#include "review.h"

static void vote_tally(void **state)
{
	static const struct {
		int64_t panel, votes_for, against, abstain;
		bool veto;
		const char *outcome;
	} rows[] = {
		{3, 3, 0, 0, false, "approved"},
		{3, 1, 0, 0, false, "no_quorum"}, /* quorum 2/3 of 3 is 2 */
		{3, 2, 0, 0, false, "approved"},
		{3, 1, 1, 0, false, "rejected"},  /* a tie is not more than half */
		{3, 1, 0, 1, false, "rejected"},  /* abstentions count as cast */
		{3, 2, 1, 0, false, "approved"},
		{3, 2, 1, 0, true, "rejected"},   /* veto: one against rejects */
		{3, 3, 0, 0, true, "approved"},
		{5, 3, 0, 0, false, "no_quorum"}, /* 3 of 5 < 2/3 */
		{5, 4, 0, 0, false, "approved"},
		{6, 4, 0, 0, false, "approved"},  /* exactly 2/3 is a quorum */
		{6, 2, 2, 0, false, "rejected"},
		{0, 0, 0, 0, false, "no_quorum"}, /* no panel */
	};
	struct policy p;
	struct test_db *t = *state;
	size_t i;

	assert_int_equal(policy_load(t->db, &p), DB_OK);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *got;

		p.joint_review_veto = rows[i].veto;
		got = review_decide(&p, rows[i].panel, rows[i].votes_for, rows[i].against, rows[i].abstain);
		if (strcmp(got, rows[i].outcome) != 0)
			fail_msg("row %zu: %s, expected %s", i, got, rows[i].outcome);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(vote_tally, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
