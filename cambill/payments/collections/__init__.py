"""Collections: the overdue accounts of a cloud by age, their next dunning step,
reminders sent by hand, and the suspension queue (issue #13, point 5).

``selectors`` reads (the aging buckets, each account's row, the queue), scoped to
the actor; ``services`` holds the verbs (remind now, confirm or dismiss a
suspension), each in one transaction with its audit row. The dunning run
(``cambill.payments.dunning``) reads the same queue rules, so what the page
proposes is what the run would do.
"""
