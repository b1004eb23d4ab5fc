"""split_shared: the analysis step's cut of a batch into one run per worker, so that
copies of an article go to the worker that analyses its original."""

from storyline.run.executors import split_shared

ORIGINAL = ["Harbour fees rise again in Port Ilven.", "Ship owners say they will protest.",
            "The authority counts 1,500 ships a year."]
OTHER = ["Caldenia summons the envoy.", "The minister spoke in Duneholt.",
         "A vote is due on Friday in the Marrow council."]


def test_every_item_lands_once_in_order():
    keys = [ORIGINAL, OTHER, ORIGINAL[:2], OTHER[1:], ["A line of its own."]]
    runs = split_shared(keys, 2)
    assert sorted(i for run in runs for i in run) == list(range(len(keys)))
    assert all(run == sorted(run) for run in runs)
    assert 1 <= len(runs) <= 2


def test_copies_join_the_run_of_their_original():
    keys = [ORIGINAL, OTHER, ORIGINAL[:2], OTHER[1:], ORIGINAL]
    runs = split_shared(keys, 2)
    run_of = {i: n for n, run in enumerate(runs) for i in run}
    assert run_of[0] == run_of[2] == run_of[4]
    assert run_of[1] == run_of[3] != run_of[0]  # the two stories are split across workers


def test_distinct_items_are_shared_out_and_the_cut_is_deterministic():
    keys = [[f"paragraph {n} of article {a}" * 3 for n in range(4)] for a in range(10)]
    runs = split_shared(keys, 2)
    assert len(runs) == 2 and {len(run) for run in runs} == {5}
    assert split_shared(keys, 2) == runs
    assert split_shared(keys, 1) == [list(range(10))]
    assert split_shared(keys[:1], 4) == [[0]]  # never more runs than items
