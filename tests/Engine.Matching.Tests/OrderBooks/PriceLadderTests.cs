namespace Engine.Matching.Tests;

/// <summary>
/// the chunked ladder against a sorted list: seeded changes across books deep enough to split chunks, thinned
/// enough to merge and empty them, and refilled; every read must agree and the internal state must hold.
/// </summary>
[TestFixture]
public sealed class PriceLadderTests
{
    [TestCase(5, 100)]
    [TestCase(17, 6_000)]
    public void Random_changes_keep_the_ladder_equal_to_a_sorted_reference(int seed, int keyRange)
    {
        var random = new Random(seed);
        var ladder = new PriceLadder(capacity: 8);
        var reference = new SortedList<long, long>();
        for (int i = 1; i <= 120_000; i++)
        {
            // Phases: fill (mostly inserts), thin out (mostly deletes), then a mix, so chunks split, merge and empty.
            int phase = (i / 20_000) % 3;
            int deletePercent = phase == 0 ? 10 : phase == 1 ? 90 : 40;
            long key = random.Next(keyRange) - (keyRange / 2);
            int found = ladder.Find(key);
            Assert.That(found >= 0, Is.EqualTo(reference.ContainsKey(key)), $"change {i}: find {key}");
            if (random.Next(100) < deletePercent)
            {
                if (found >= 0)
                {
                    Assert.That(ladder.KeyAt(found), Is.EqualTo(key));
                    ladder.RemoveAt(found);
                    reference.Remove(key);
                }
            }
            else if (found >= 0)
            {
                Assert.That(ladder.ValueAt(found), Is.EqualTo(reference[key]), $"change {i}: value of {key}");
                ladder.SetValueAt(found, i);
                reference[key] = i;
            }
            else
            {
                ladder.InsertAt(~found, key, i);
                reference[key] = i;
            }

            Assert.That(ladder.Count, Is.EqualTo(reference.Count), $"change {i}: count");
            if (ladder.Count > 0)
            {
                Assert.That(ladder.KeyAt(ladder.BestSlot), Is.EqualTo(reference.Keys[^1]), $"change {i}: best");
            }

            if (i % 2_000 == 0)
            {
                ladder.ValidateInternalState("test");
                AssertSameLevelsBestFirst(ladder, reference, i);
            }
        }
    }

    [Test]
    public void Depth_reads_walk_from_the_best_level_across_chunks()
    {
        var ladder = new PriceLadder(capacity: 8);
        for (long key = 0; key < 1_000; key++)
        {
            ladder.InsertAt(~ladder.Find(key), key, key * 10);
        }

        Assert.That(ladder.KeyAt(ladder.SlotOfDepth(0)), Is.EqualTo(999));
        Assert.That(ladder.KeyAt(ladder.SlotOfDepth(700)), Is.EqualTo(299));
        Assert.That(ladder.ValueAt(ladder.SlotOfDepth(999)), Is.Zero);
        Assert.That(ladder.SlotOfDepth(1_000), Is.EqualTo(-1));
        Assert.That(ladder.SlotOfDepth(-1), Is.EqualTo(-1));
        ladder.ValidateInternalState("test");
    }

    [Test]
    public void Clear_returns_every_chunk_and_the_ladder_refills()
    {
        var ladder = new PriceLadder(capacity: 8);
        for (int round = 0; round < 3; round++)
        {
            for (long key = 3_000; key > 0; key -= 3)
            {
                ladder.InsertAt(~ladder.Find(key), key, 1);
            }

            Assert.That(ladder.Count, Is.EqualTo(1_000));
            ladder.ValidateInternalState("test");
            ladder.Clear();
            Assert.That(ladder.Count, Is.Zero);
            Assert.That(ladder.Find(3), Is.LessThan(0));
            ladder.ValidateInternalState("test");
        }
    }

    [Test]
    public void A_deep_side_thinned_and_refilled_allocates_nothing_after_its_high_water_mark()
    {
        var ladder = new PriceLadder(capacity: 4_000);
        var random = new Random(8);
        long[] keys = new long[200_000];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = random.Next(4_000);
        }

        Churn(ladder, keys);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Churn(ladder, keys);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        ladder.ValidateInternalState("test");
    }

    private static void Churn(PriceLadder ladder, long[] keys)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            // Alternating halves of mostly-insert and mostly-delete, as a deep book's depth stream grows and thins.
            bool deleting = (i / 25_000) % 2 == 1 ? i % 8 != 0 : i % 8 == 0;
            int found = ladder.Find(keys[i]);
            if (found >= 0 && deleting)
            {
                ladder.RemoveAt(found);
            }
            else if (found < 0 && !deleting)
            {
                ladder.InsertAt(~found, keys[i], i);
            }
        }
    }

    private static void AssertSameLevelsBestFirst(PriceLadder ladder, SortedList<long, long> reference, int change)
    {
        using IEnumerator<KeyValuePair<long, long>> expected = reference.Reverse().GetEnumerator();
        int depth = 0;
        foreach (int slot in ladder.BestFirst())
        {
            Assert.That(expected.MoveNext(), Is.True, $"change {change}: the ladder has more levels than the reference");
            Assert.That((ladder.KeyAt(slot), ladder.ValueAt(slot)), Is.EqualTo((expected.Current.Key, expected.Current.Value)), $"change {change}: level at depth {depth}");
            Assert.That(ladder.SlotOfDepth(depth), Is.EqualTo(slot), $"change {change}: slot of depth {depth}");
            depth++;
        }

        Assert.That(expected.MoveNext(), Is.False, $"change {change}: the ladder has fewer levels than the reference");
    }
}
