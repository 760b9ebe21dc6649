using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The proof that no path leaves a position without its stop: a seeded random stream of thousands of inputs (the
/// trader's orders, cancels and amends; the venue's acknowledgements, partial and full fills, cancels and refusals of
/// every order, protective ones included; stops that trigger; kill switches; a dropped gateway; timer ticks; market
/// data) drives a BLP whose account has a protective-stop policy, and after every input the position is covered by a
/// reduce-only stop at the venue or on its way, or by a reduce-only market order closing it.
/// </summary>
public sealed class ProtectiveStopPropertyTests
{
    private const int Steps = 4_000;

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(42)]
    [TestCase(2026)]
    public void After_every_input_a_non_zero_position_has_a_reduce_only_stop_covering_it_or_a_closing_order(int seed)
    {
        var run = new RandomSession(seed);
        var paths = new HashSet<string>();
        for (int step = 0; step < Steps; step++)
        {
            string path = run.Step();
            paths.Add(path);
            string? violation = run.Account.Violation();
            Assert.That(violation, Is.Null, $"seed {seed}, step {step} ({path})");
        }

        (long placed, long refused, long canceledByVenue, long closed, long closesRefused, long triggered) = run.Account.Fixture.Processor.ProtectiveStopCounts;
        Assert.Multiple(() =>
        {
            Assert.That(closesRefused, Is.Zero, "the closing order is never refused here");
            Assert.That(triggered, Is.GreaterThan(0));
            Assert.That(placed, Is.GreaterThan(100), "the stream moved the position often");
            Assert.That(refused, Is.GreaterThan(10));
            Assert.That(canceledByVenue, Is.GreaterThan(0));
            Assert.That(closed, Is.GreaterThan(0), "some stops were refused four times in a row");
            Assert.That(paths, Is.SupersetOf(new[] { "stop rejected", "stop canceled by venue", "stop triggered", "close filled", "partial fill", "kill switch", "disconnect", "amend refused" }));
        });
    }

    [Test]
    public void The_same_seed_gives_the_same_StateHash_and_a_snapshot_taken_midway_continues_to_it()
    {
        var first = new RandomSession(99);
        var second = new RandomSession(99);
        byte[]? snapshot = null;
        for (int step = 0; step < 1_500; step++)
        {
            first.Step();
            second.Step();
            if (step == 700)
            {
                var stream = new MemoryStream();
                first.Account.Fixture.Processor.WriteSnapshot(stream);
                snapshot = stream.ToArray();
                var restored = new CoreFixture(withMarketMaker: false, riskJson: first.Account.RiskJson, restoreFrom: snapshot, continueFrom: first.Account.Fixture);
                Assert.That(restored.Processor.StateHash(), Is.EqualTo(first.Account.Fixture.Processor.StateHash()), "the policy's state is in the snapshot");
            }
        }

        Assert.That(second.Account.Fixture.Processor.StateHash(), Is.EqualTo(first.Account.Fixture.Processor.StateHash()));
        Assert.That(second.Account.Fixture.Output.Count, Is.EqualTo(first.Account.Fixture.Output.Count));
    }

    /// <summary>The trader, the venue and the operator acting at random on one protected account.</summary>
    private sealed class RandomSession
    {
        private readonly Random _random;
        private ulong _clientOrderId = 1_000;
        private bool _accountKilled;
        private bool _globalKilled;

        // A rate-limit burst: while on, the venue refuses every new stop (so some are refused four times in a row).
        private bool _refusingStops;

        public RandomSession(int seed)
        {
            _random = new Random(seed);
            Account = new ProtectedAccount();
            Account.Fixture.Output.Recording = false;
        }

        public ProtectedAccount Account { get; }

        private CoreFixture Fixture => Account.Fixture;

        public string Step()
        {
            if (_random.Next(100) < 3)
            {
                _refusingStops = !_refusingStops;
            }

            int roll = _random.Next(100);
            return roll switch
            {
                < 22 => Submit(),
                < 62 => VenueActs(),
                < 67 => CancelOne(),
                < 72 => AmendOne(),
                < 76 => Kill(),
                < 78 => Disconnect(),
                < 88 => Timer(),
                _ => Market(),
            };
        }

        private string Submit()
        {
            Side side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
            long price = 495_000 + _random.Next(10_001);
            Fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, side, price, 1 + _random.Next(300), ++_clientOrderId);
            return "submit";
        }

        private string VenueActs()
        {
            List<OrderRecord> open = OpenOrders();
            if (open.Count == 0)
            {
                return Timer();
            }

            OrderRecord order = open[_random.Next(open.Count)];
            if (_refusingStops && open.FindIndex(o => o.IsProtective && o.Type == OrderType.StopMarket && o.State == OrderState.PendingNew) is int pending and >= 0)
            {
                return Reject(open[pending], "stop rejected");
            }

            long position = Account.Position;
            int roll = _random.Next(100);
            if (order.State == OrderState.PendingCancel)
            {
                return roll < 75 ? Report(order, Sbe.ExecType.Canceled, "cancel confirmed") : Fill(order, position, "fill before cancel");
            }

            if (order.State == OrderState.PendingAmend)
            {
                return roll < 50 ? Report(order, Sbe.ExecType.Replaced, "amended") : Reject(order, "amend refused");
            }

            if (order.IsProtective && order.Type == OrderType.StopMarket)
            {
                return roll switch
                {
                    < 30 when order.State == OrderState.PendingNew => Reject(order, "stop rejected"),
                    < 55 => Report(order, Sbe.ExecType.New, "stop accepted"),
                    < 62 => Report(order, Sbe.ExecType.Canceled, "stop canceled by venue"),
                    _ => Fill(order, position, "stop triggered"),
                };
            }

            if (order.IsProtective)
            {
                return roll < 85 ? Fill(order, position, "close filled") : Report(order, Sbe.ExecType.Expired, "close expired");
            }

            return roll switch
            {
                < 25 => Report(order, Sbe.ExecType.New, "accepted"),
                < 70 => Fill(order, position, "partial fill"),
                < 85 => Fill(order, position, "full fill", full: true),
                < 92 => Report(order, Sbe.ExecType.Canceled, "canceled by venue"),
                _ when order.State == OrderState.PendingNew => Reject(order, "rejected"),
                _ => Report(order, Sbe.ExecType.Expired, "expired"),
            };
        }

        /// <summary>A fill; a reduce-only order is capped at the position, as venues do, and expires when there is nothing to reduce.</summary>
        private string Fill(OrderRecord order, long position, string path, bool full = false)
        {
            long quantity = full ? order.Leaves.Units : 1 + _random.NextInt64(order.Leaves.Units);
            if ((order.Flags & OrderFlags.ReduceOnly) != 0)
            {
                long reducible = order.Side == Side.Sell ? Math.Max(0, position) : Math.Max(0, -position);
                if (reducible == 0)
                {
                    return Report(order, Sbe.ExecType.Expired, "reduce-only expired");
                }

                quantity = order.IsProtective ? Math.Min(order.Leaves.Units, reducible) : Math.Min(quantity, reducible);
            }

            long price = order.Type == OrderType.Limit ? order.Price.Units : order.StopPrice.Units > 0 ? order.StopPrice.Units - 100 : 500_000;
            Fixture.Report(order.Id, Sbe.ExecType.Trade, price, quantity, maker: order.Type == OrderType.Limit, cumulative: order.Filled.Units + quantity);
            return quantity < order.Leaves.Units ? "partial fill" : path;
        }

        private string Report(OrderRecord order, Sbe.ExecType type, string path)
        {
            Fixture.Report(order.Id, type);
            return path;
        }

        private string Reject(OrderRecord order, string path)
        {
            Fixture.Report(order.Id, Sbe.ExecType.Rejected, reason: Sbe.ResultCode.VenueRateLimited, text: "Too many requests");
            return path;
        }

        private string CancelOne()
        {
            List<OrderRecord> open = OpenOrders();
            if (open.Count == 0)
            {
                return Timer();
            }

            // Any open order of the account, a protective one too (an operator's or a client's cancel of the stop).
            Fixture.Cancel(CoreFixture.Trader, open[_random.Next(open.Count)].Id);
            return "client cancel";
        }

        private string AmendOne()
        {
            List<OrderRecord> working = OpenOrders().Where(o => !o.IsProtective && o.State == OrderState.Working).ToList();
            if (working.Count == 0)
            {
                return Submit();
            }

            OrderRecord order = working[_random.Next(working.Count)];
            Fixture.Amend(CoreFixture.Trader, order.Id, order.Price.Units, order.Filled.Units + 1 + _random.Next(300));
            return "amend";
        }

        private string Kill()
        {
            if (_random.Next(4) == 0)
            {
                _globalKilled = !_globalKilled;
                Fixture.Kill(Sbe.KillScope.All, 0, _globalKilled);
            }
            else
            {
                _accountKilled = !_accountKilled;
                Fixture.Kill(Sbe.KillScope.Account, (ulong)CoreFixture.Trader.Value, _accountKilled);
            }

            return "kill switch";
        }

        private string Disconnect()
        {
            Fixture.Disconnected("venue:OKX_SWAP");
            return "disconnect";
        }

        private string Timer()
        {
            Fixture.Timer(1_000_000);
            return "timer";
        }

        private string Market()
        {
            long bid = 495_000 + _random.Next(10_000);
            Fixture.Bbo(CoreFixture.BtcPerp, bid, 1_000, bid + 10, 1_000);
            return "market data";
        }

        private List<OrderRecord> OpenOrders()
        {
            var open = new List<OrderRecord>();
            OrderTable orders = Fixture.Processor.Orders;
            for (int i = 0; i < orders.SlotCount; i++)
            {
                OrderRecord order = orders.SlotAt(i);
                if (!order.Id.IsNone && order.Account == CoreFixture.Trader)
                {
                    open.Add(order);
                }
            }

            return open;
        }
    }
}
