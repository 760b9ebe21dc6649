using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The central promise: the same inputs give the same state. A seeded stream (a random-walk market, a venue that
/// acknowledges, fills and cancels the market maker's orders) runs through two fresh processors, and the state hashes
/// agree after every 100 inputs; changing one input changes the hash. Also: steady state allocates nothing.
/// </summary>
[TestFixture]
public sealed class ReplayDeterminismTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void SameSeededStream_TwoProcessors_SameStateHashEvery100Inputs(int seed)
    {
        var first = new CoreFixture();
        var second = new CoreFixture();
        var firstVenue = new ScriptedVenue(first, seed);
        var secondVenue = new ScriptedVenue(second, seed);

        for (int step = 0; step < 3_000; step++)
        {
            firstVenue.Step();
            secondVenue.Step();
            if (step % 100 == 99)
            {
                Assert.That(second.Processor.StateHash(), Is.EqualTo(first.Processor.StateHash()), $"state diverged by input {first.Processor.Sequence}");
            }
        }

        Assert.That(first.Processor.Counters.Fills, Is.GreaterThan(50), "the stream must exercise fills");
        Assert.That(first.Processor.Counters.AccountingBreaks, Is.Zero);
        first.AssertTrialBalanceIsZero();
    }

    [Test]
    public void OneDifferentInput_GivesADifferentStateHash()
    {
        var first = new CoreFixture();
        var second = new CoreFixture();
        var firstVenue = new ScriptedVenue(first, 7);
        var secondVenue = new ScriptedVenue(second, 7);
        for (int step = 0; step < 500; step++)
        {
            firstVenue.Step();
            secondVenue.Step();
        }

        first.Timer();
        second.Timer(advanceNanos: 1);

        Assert.That(second.Processor.StateHash(), Is.Not.EqualTo(first.Processor.StateHash()));
    }

    [Test]
    public void SteadyState_MarketDataFillsAndCancels_AllocateNothing()
    {
        var fixture = new CoreFixture();
        fixture.Output.Recording = false;
        var venue = new ScriptedVenue(fixture, 11, recordOutputs: false);
        for (int step = 0; step < 2_000; step++)
        {
            venue.Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 2_000; step++)
        {
            venue.Step();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(fixture.Processor.Counters.Fills, Is.GreaterThan(50));
    }

    /// <summary>
    /// Feeds a fixture a seeded market and plays the venue for the BLP's requests: every new order is acknowledged,
    /// every cancel confirmed, and working orders are filled in part or in full when the random walk crosses them.
    /// </summary>
    private sealed class ScriptedVenue
    {
        private const long OneUnit = 100_000_000;
        private readonly CoreFixture _fixture;
        private readonly Random _random;
        private readonly long[] _working = new long[64];
        private readonly long[] _workingPrice = new long[64];
        private readonly Sbe.Side[] _workingSide = new Sbe.Side[64];
        private readonly long[] _workingLeaves = new long[64];
        private readonly CountingSink _sink;
        private int _workingCount;
        private long _mid = 5_000_000;

        public ScriptedVenue(CoreFixture fixture, int seed, bool recordOutputs = true)
        {
            _fixture = fixture;
            _random = new Random(seed);
            _sink = new CountingSink(this);
            fixture.Output.Recording = recordOutputs;
            fixture.Deposit(CoreFixture.MakerAccount, "USDT", 10_000_000 * OneUnit);
            fixture.Deposit(CoreFixture.MakerAccount, "BTC", 100 * OneUnit);
            fixture.Output.Forward = _sink;
        }

        public void Step()
        {
            int action = _random.Next(10);
            if (action < 5 || _workingCount == 0)
            {
                _mid += (_random.Next(5) - 2) * 25;
                _fixture.Bbo(CoreFixture.Btc, _mid - 50, 50_000, _mid + 50, 50_000);
            }
            else if (action < 9)
            {
                int index = _random.Next(_workingCount);
                long fill = Math.Min(_workingLeaves[index], 1_000 * (1 + _random.Next(10)));
                long id = _working[index];
                _workingLeaves[index] -= fill;
                long price = _workingPrice[index];
                if (_workingLeaves[index] == 0)
                {
                    RemoveAt(index);
                }

                _fixture.Report(new OrderId(id), Sbe.ExecType.Trade, price, fill, maker: true);
            }
            else
            {
                _fixture.Timer(advanceNanos: 100_000_000);
            }

            DrainRequests();
        }

        private readonly Queue<(long Id, bool Cancel)> _requests = new();

        private void DrainRequests()
        {
            while (_requests.TryDequeue(out var request))
            {
                int index = IndexOf(request.Id);
                if (request.Cancel)
                {
                    if (index >= 0)
                    {
                        RemoveAt(index);
                        _fixture.Report(new OrderId(request.Id), Sbe.ExecType.Canceled);
                    }
                }
                else
                {
                    _fixture.Report(new OrderId(request.Id), Sbe.ExecType.New);
                }
            }
        }

        private void OnNewOrder(long id, Sbe.Side side, long price, long quantity)
        {
            _working[_workingCount] = id;
            _workingSide[_workingCount] = side;
            _workingPrice[_workingCount] = price;
            _workingLeaves[_workingCount] = quantity;
            _workingCount++;
            _requests.Enqueue((id, false));
        }

        private int IndexOf(long id)
        {
            for (int i = 0; i < _workingCount; i++)
            {
                if (_working[i] == id)
                {
                    return i;
                }
            }

            return -1;
        }

        private void RemoveAt(int index)
        {
            _workingCount--;
            _working[index] = _working[_workingCount];
            _workingSide[index] = _workingSide[_workingCount];
            _workingPrice[index] = _workingPrice[_workingCount];
            _workingLeaves[index] = _workingLeaves[_workingCount];
        }

        private sealed class CountingSink(ScriptedVenue venue) : IEngineOutput
        {
            public void Publish(int templateId, ReadOnlySpan<byte> message)
            {
                if (templateId == Sbe.NewOrderDecoder.TemplateId)
                {
                    var order = Sbe.NewOrderDecoder.WrapWithHeader(message, 0);
                    venue.OnNewOrder((long)order.ClientOrderId, order.Side, order.Price.Mantissa, order.Quantity.Mantissa);
                }
                else if (templateId == Sbe.CancelOrderDecoder.TemplateId)
                {
                    venue._requests.Enqueue(((long)Sbe.CancelOrderDecoder.WrapWithHeader(message, 0).OrigClientOrderId, true));
                }
            }
        }
    }
}
