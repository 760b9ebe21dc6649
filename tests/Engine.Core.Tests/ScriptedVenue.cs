using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Feeds a fixture a seeded market and plays the venue for the BLP's requests: every new order is acknowledged,
/// every cancel confirmed, and working orders are filled in part or in full when the random walk crosses them.
/// </summary>
internal sealed class ScriptedVenue
{
    private const long OneUnit = 100_000_000;
    private CoreFixture _fixture;
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

    /// <summary>Plays on against another fixture (one restored from a snapshot of this one's processor).</summary>
    public ScriptedVenue MoveTo(CoreFixture fixture)
    {
        _fixture.Output.Forward = null;
        _fixture = fixture;
        fixture.Output.Forward = _sink;
        return this;
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

    private readonly Queue<(long Id, bool Cancel)> _requests = new(1024);

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
