using Engine.Gateways.Admin.LiveFeeds;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// One console client's outbox when its client stops reading: the send to it never completes (as SignalR's send does
/// once the client's socket and the connection's buffer are full). Its events drop to the newest
/// <see cref="ConsoleOutbox.EventCapacity"/>, its state to the latest per kind, and another client's outbox, fed the
/// same, delivers everything.
/// </summary>
[TestFixture]
public sealed class ConsoleOutboxTests
{
    private const int Offered = 10_000;

    [Test]
    public async Task A_client_that_stops_reading_drops_to_the_newest_events_and_the_latest_state_while_another_gets_everything()
    {
        var stalledSend = new TaskCompletionSource();
        var stalledGot = new List<(string Method, object Payload)>();
        var readerGot = new List<(string Method, object Payload)>();
        await using var stalled = new ConsoleOutbox(async (method, payload, cancellation) =>
        {
            await stalledSend.Task.WaitAsync(cancellation);
            lock (stalledGot)
            {
                stalledGot.Add((method, payload));
            }
        });
        await using var reader = new ConsoleOutbox((method, payload, _) =>
        {
            lock (readerGot)
            {
                readerGot.Add((method, payload));
            }

            return Task.CompletedTask;
        });

        for (int i = 1; i <= Offered; i++)
        {
            foreach (ConsoleOutbox outbox in (ConsoleOutbox[])[stalled, reader])
            {
                outbox.OfferEvent("order", i);
                outbox.OfferState("status", -i);
            }

            if (i % (ConsoleOutbox.EventCapacity / 2) == 0)
            {
                // The events come no faster than a reading client takes them (as the engine's do): the test, not the
                // outbox, waits here.
                await WaitUntil(() => reader.EventsQueued == 0);
            }
        }

        Assert.That(stalled.EventsQueued, Is.LessThanOrEqualTo(ConsoleOutbox.EventCapacity), "the stalled client's queue never grows past its capacity");
        Assert.That(stalled.EventsDropped, Is.GreaterThanOrEqualTo(Offered - ConsoleOutbox.EventCapacity - 1), "what did not fit was dropped, oldest first");
        Assert.That(stalled.StatesReplaced, Is.GreaterThanOrEqualTo(Offered - 2), "its snapshots were replaced by newer ones");
        await WaitUntil(() => Count(readerGot, "order") == Offered);
        Assert.That(reader.EventsDropped, Is.Zero, "the reading client lost nothing while the other stalled");

        stalledSend.SetResult();
        await WaitUntil(() => Last(stalledGot, "order") == Offered && Last(stalledGot, "status") == -Offered);
        Assert.That(Count(stalledGot, "order"), Is.LessThanOrEqualTo(ConsoleOutbox.EventCapacity + 1), "the stalled client gets the newest events only");
        Assert.That(Count(stalledGot, "status"), Is.LessThanOrEqualTo(2), "and the latest status, not a backlog");
    }

    private static int Count(List<(string Method, object Payload)> got, string method)
    {
        lock (got)
        {
            return got.Count(m => m.Method == method);
        }
    }

    private static int? Last(List<(string Method, object Payload)> got, string method)
    {
        lock (got)
        {
            return got.LastOrDefault(m => m.Method == method).Payload as int?;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "not within the deadline");
            await Task.Delay(10);
        }
    }
}
