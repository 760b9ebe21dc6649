using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk.Tests.Scenarios;

/// <summary>
/// exchange-core's risk.feature (../shared/data/matching), parsed at test time, one test per scenario. Pre-trade risk
/// no longer checks balances (the ledger's reservation is the engine's one balance check), so what maps onto it is:
/// "places" (must pass risk), moves ("moves a price", must pass; "could not move ... due to
/// MATCHING_MOVE_FAILED_PRICE_OVER_RISK_LIMIT", must be rejected with <see cref="ResultCode.AmendAboveHoldPrice"/>)
/// through <see cref="RiskEngine.CheckAmend"/>, and the balance tables while they depend only on those steps, kept by
/// the test's balance book as the ledger would (a bid reserved at its reserve price). "could not place ... due to
/// RISK_NSF" must pass risk and fail the balance book (the ledger refuses it). Skipped, with the reason printed: order
/// books, order lists, trade events and cancels need the matching engine and the OMS; once a trade or a cancel has
/// happened, later balance tables need the ledger's settlement too. Every step must be recognised, so a changed
/// feature file fails instead of silently testing less.
/// <para>
/// Units: the ETH_XBT symbol has price and size scale 0 in the feature; its balances are in exchange-core units,
/// where one lot costs 100,000 ETH units and price x size costs 10 XBT units (both figures follow from the first
/// scenario: 7 @ 30,000 needs 2,100,000 XBT and 700,000 ETH). The test's balance book converts to risk's units.
/// </para>
/// </summary>
public sealed partial class RiskFeatureTests
{
    private const string FeatureFile = "risk.feature";
    private const long EthUnitsPerLot = 100_000;
    private const long XbtUnitsPerMoneyUnit = 10;

    private const string InstrumentJson = """
        {
          "venues": [ { "code": "EXCHANGE", "name": "exchange-core scenarios", "symbolFormat": "dash", "simulated": true } ],
          "instruments": [ { "symbol": "ETH_XBT", "base": "ETH", "quote": "XBT", "kind": "spot" } ],
          "listings": [ { "venue": "EXCHANGE", "instrument": "ETH_XBT", "symbol": "ETH-XBT", "symbolOverride": true,
                          "priceScale": 0, "quantityScale": 0, "tickSize": "1", "lotSize": "1", "minQuantity": "1",
                          "minNotional": "0", "contractMultiplier": "1" } ]
        }
        """;

    public static IEnumerable<TestCaseData> Scenarios()
    {
        string? path = FindFeatureFile();
        if (path is null)
        {
            yield return new TestCaseData("(risk.feature is absent)").SetName("RiskFeature_DataAbsent");
            yield break;
        }

        foreach (Scenario scenario in Parse(File.ReadAllLines(path)))
        {
            yield return new TestCaseData(scenario.Name).SetName($"RiskFeature_{Regex.Replace(scenario.Name, "[^A-Za-z0-9]+", "_")}");
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    public void Scenario_PreTradeStepsBehaveAsExchangeCoreSpecifies(string scenarioName)
    {
        string path = RepositoryPaths.MatchingFile(FeatureFile);
        Scenario? scenario = Parse(File.ReadAllLines(path)).FirstOrDefault(s => s.Name == scenarioName);
        Assert.That(scenario, Is.Not.Null, $"scenario '{scenarioName}' is no longer in {path}");
        var run = new ScenarioRun();
        foreach (Step step in scenario!.Steps)
        {
            run.Execute(step);
        }

        TestContext.Out.WriteLine($"{scenarioName}: {run.Executed} steps executed, {run.Skipped.Count} skipped");
        foreach (string skipped in run.Skipped)
        {
            TestContext.Out.WriteLine("  skipped: " + skipped);
        }

        Assert.That(run.Executed, Is.GreaterThanOrEqualTo(6), "most of the risk-relevant steps must run");
        Assert.That(run.Checks, Is.GreaterThanOrEqualTo(4), "the scenario must exercise the pre-trade check");
    }

    private static string? FindFeatureFile()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string? path = directory is null ? null : Path.GetFullPath(Path.Combine(directory, "..", "shared", "data", "matching", FeatureFile));
        return path is not null && File.Exists(path) ? path : null;
    }

    private static List<Scenario> Parse(string[] lines)
    {
        var scenarios = new List<Scenario>();
        Scenario? current = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("Scenario:", StringComparison.Ordinal))
            {
                current = new Scenario(line["Scenario:".Length..].Trim(), []);
                scenarios.Add(current);
                continue;
            }

            if (current is null || line.Length == 0 || line.StartsWith('@') || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('|'))
            {
                if (current.Steps.Count == 0)
                {
                    throw new FormatException($"{FeatureFile} line {i + 1}: a table row before any step");
                }

                string[] cells = [.. line.Trim('|').Split('|').Select(c => c.Trim())];
                current.Steps[^1].Table.Add(cells);
                continue;
            }

            Match keyword = StepKeyword().Match(line);
            if (!keyword.Success)
            {
                throw new FormatException($"{FeatureFile} line {i + 1}: not a step, table or scenario: '{line}'");
            }

            current.Steps.Add(new Step(i + 1, line[keyword.Length..].Trim(), []));
        }

        return scenarios;
    }

    [GeneratedRegex(@"^(Given|When|Then|And|But)\s")]
    private static partial Regex StepKeyword();

    [GeneratedRegex(@"^New client (\w+) has a balance:$")]
    private static partial Regex NewClient();

    [GeneratedRegex(@"^(\d+) (\w+) is added to the balance of a client (\w+)$")]
    private static partial Regex Deposit();

    [GeneratedRegex(@"^A client (\w+) (places|could not place) an (BID|ASK) order (\d+) at (\d+)@(\d+) \(type: (\w+), symbol: (\w+), reservePrice: (\d+)\)(?: due to (\w+))?$")]
    private static partial Regex Place();

    [GeneratedRegex(@"^A balance of a client (\w+):$")]
    private static partial Regex Balance();

    [GeneratedRegex(@"^A client (\w+) (moves|could not move) a price to (\d+) of the order (\d+)(?: due to (\w+))?$")]
    private static partial Regex Move();

    [GeneratedRegex(@"^(An \w+ order book is:|A client \w+ orders:|A client \w+ does not have active orders|No trade events)$")]
    private static partial Regex NeedsMatchingWithoutSettlement();

    [GeneratedRegex(@"^(The order \d+ is fully matched\..*|A client \w+ cancels the remaining size \d+ of the order \d+)$")]
    private static partial Regex NeedsMatchingAndSettlement();

    private sealed record Scenario(string Name, List<Step> Steps);

    private sealed record Step(int Line, string Text, List<string[]> Table);

    private readonly record struct LiveOrder(AccountId Account, Side Side, Price Price, Quantity Quantity, Price HoldPrice);

    /// <summary>One scenario against a fresh risk engine and balance book.</summary>
    private sealed class ScenarioRun
    {
        private static readonly InstrumentId s_symbol = new(1);
        private readonly RiskEngine _engine;
        private readonly Dictionary<string, AccountId> _clients = new(StringComparer.Ordinal);
        private readonly ExchangeCoreBalances _balances = new();
        private readonly Dictionary<long, LiveOrder> _orders = [];
        private bool _settlementNeeded;

        public ScenarioRun()
        {
            InstrumentRegistry registry = InstrumentConfig.Parse(InstrumentJson, "risk.feature instruments");
            Listing listing = registry.GetListing(new ListingId(1));
            var settings = new RiskSettings(
                "XBT",
                ValuationScale: 0,
                MaxAccountId: 16,
                MaxStrategyId: 0,
                DeadManIntervalNanos: 0,
                [new RiskInstrument(s_symbol, "ETH_XBT", InstrumentKind.Spot, listing.Rules, InstrumentRiskLimits.Unlimited)],
                AccountRiskLimits.Unlimited,
                [],
                OrderRateLimit.Unlimited);
            _engine = new RiskEngine(settings);
        }

        public int Executed { get; private set; }

        public int Checks { get; private set; }

        public List<string> Skipped { get; } = [];

        public void Execute(Step step)
        {
            Match match;
            if ((match = NewClient().Match(step.Text)).Success)
            {
                AccountId account = new(_clients.Count + 1);
                _clients.Add(match.Groups[1].Value, account);
                _engine.OpenAccount(account);
                foreach (string[] row in step.Table)
                {
                    _balances.Add(account, row[0], long.Parse(row[1], CultureInfo.InvariantCulture));
                }

                Executed++;
            }
            else if ((match = Deposit().Match(step.Text)).Success)
            {
                _balances.Add(Client(match.Groups[3].Value), match.Groups[2].Value, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                Executed++;
            }
            else if ((match = Place().Match(step.Text)).Success)
            {
                ExecutePlace(step, match);
            }
            else if ((match = Balance().Match(step.Text)).Success)
            {
                if (_settlementNeeded)
                {
                    Skip(step, "balances after a trade or a cancel need the matching engine and the ledger's settlement");
                    return;
                }

                AccountId account = Client(match.Groups[1].Value);
                foreach (string[] row in step.Table)
                {
                    Assert.That(_balances.Get(account, row[0]), Is.EqualTo(long.Parse(row[1], CultureInfo.InvariantCulture)), $"line {step.Line}: {match.Groups[1].Value}'s {row[0]}");
                }

                Executed++;
            }
            else if ((match = Move().Match(step.Text)).Success)
            {
                ExecuteMove(step, match);
            }
            else if (NeedsMatchingWithoutSettlement().IsMatch(step.Text))
            {
                Skip(step, "needs the matching engine or the OMS (books, order lists, trade events)");
            }
            else if (NeedsMatchingAndSettlement().IsMatch(step.Text))
            {
                _settlementNeeded = true;
                Skip(step, "a trade or a cancel: needs the matching engine and the ledger");
            }
            else
            {
                Assert.Fail($"{FeatureFile} line {step.Line}: unrecognised step '{step.Text}'");
            }
        }

        private void ExecutePlace(Step step, Match match)
        {
            AccountId account = Client(match.Groups[1].Value);
            bool expectPass = match.Groups[2].Value == "places";
            Side side = match.Groups[3].Value == "BID" ? Side.Buy : Side.Sell;
            long orderId = long.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture);
            var price = new Price(long.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture));
            var size = new Quantity(long.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture));
            TimeInForce timeInForce = match.Groups[7].Value switch
            {
                "GTC" => TimeInForce.Gtc,
                "IOC" => TimeInForce.Ioc,
                "FOK" or "FOK_BUDGET" => TimeInForce.Fok,
                string other => throw new FormatException($"line {step.Line}: order type {other}"),
            };
            Assert.That(match.Groups[8].Value, Is.EqualTo("ETH_XBT"), $"line {step.Line}: symbol");
            var reserve = new Price(long.Parse(match.Groups[9].Value, CultureInfo.InvariantCulture));
            var order = new RiskOrder(
                new NewOrder(new OrderId(orderId), account, side, OrderType.Limit, timeInForce, price, size),
                s_symbol,
                StrategyId.None,
                InputTimeNanos: step.Line,
                HoldPrice: side == Side.Buy ? reserve : default);
            ResultCode code = _engine.Check(in order);
            Checks++;
            Assert.That(code, Is.EqualTo(ResultCode.Ok), $"line {step.Line}: risk passes it (the balance is the ledger's to check): {ResultCodes.Reason(code)}");
            bool covered = _balances.Covers(account, side, size, side == Side.Buy ? reserve : price);
            if (expectPass)
            {
                Assert.That(covered, Is.True, $"line {step.Line}: the balance covers it");

                // Accepted: the ledger reserves the order's funds (a bid at its reserve price); risk counts it as open.
                if (side == Side.Buy)
                {
                    _balances.Add(account, "XBT", -(reserve.Units * size.Units * XbtUnitsPerMoneyUnit));
                }
                else
                {
                    _balances.Add(account, "ETH", -(size.Units * EthUnitsPerLot));
                }

                _engine.OnOrderAccepted(account, s_symbol, side, size);
                _orders[orderId] = new LiveOrder(account, side, price, size, side == Side.Buy ? reserve : default);
            }
            else
            {
                Assert.That(match.Groups[10].Value, Is.EqualTo("RISK_NSF"), $"line {step.Line}: the only refusal of a placement here is the balance's");
                Assert.That(covered, Is.False, $"line {step.Line}: the balance does not cover it (the ledger's reservation refuses it)");
            }

            Executed++;
        }

        private void ExecuteMove(Step step, Match match)
        {
            AccountId account = Client(match.Groups[1].Value);
            bool expectPass = match.Groups[2].Value == "moves";
            var newPrice = new Price(long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            long orderId = long.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture);
            if (!_orders.TryGetValue(orderId, out LiveOrder live) || live.Account != account)
            {
                throw new AssertionException($"line {step.Line}: order {orderId} was not placed by {match.Groups[1].Value}");
            }

            var amend = new RiskAmend(
                new AmendOrder(new OrderId(orderId), account, newPrice, live.Quantity),
                s_symbol,
                StrategyId.None,
                live.Side,
                live.Quantity,
                live.HoldPrice,
                step.Line);
            ResultCode code = _engine.CheckAmend(in amend);
            Checks++;
            if (expectPass)
            {
                Assert.That(code, Is.EqualTo(ResultCode.Ok), $"line {step.Line}: {ResultCodes.Reason(code)}");
                _orders[orderId] = live with { Price = newPrice };
            }
            else
            {
                ResultCode expected = match.Groups[5].Value switch
                {
                    "MATCHING_MOVE_FAILED_PRICE_OVER_RISK_LIMIT" => ResultCode.AmendAboveHoldPrice,
                    string other => throw new AssertionException($"line {step.Line}: no risk code maps exchange-core's {other}"),
                };
                Assert.That(code, Is.EqualTo(expected), $"line {step.Line}");
            }

            Executed++;
        }

        private AccountId Client(string name) =>
            _clients.TryGetValue(name, out AccountId account) ? account : throw new AssertionException($"unknown client {name}");

        private void Skip(Step step, string reason) => Skipped.Add($"line {step.Line} '{step.Text}': {reason}");
    }

    /// <summary>Balances in exchange-core units per client and currency: the ledger's part in these scenarios.</summary>
    private sealed class ExchangeCoreBalances
    {
        private readonly Dictionary<(int Account, string Currency), long> _units = [];

        /// <summary>Whether the account can hold an order: a bid's price x size in XBT, an ask's size in ETH.</summary>
        public bool Covers(AccountId account, Side side, Quantity size, Price price) => side == Side.Buy
            ? Get(account, "XBT") >= price.Units * size.Units * XbtUnitsPerMoneyUnit
            : Get(account, "ETH") >= size.Units * EthUnitsPerLot;

        public long Get(AccountId account, string currency) => _units.GetValueOrDefault((account.Value, currency));

        public void Add(AccountId account, string currency, long units) =>
            _units[(account.Value, currency)] = checked(Get(account, currency) + units);
    }
}
