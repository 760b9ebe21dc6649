using System.Text.Json;
using Engine.Model;
using Codecs = Engine.Codecs;

namespace Engine.Gateways.Admin;

/// <summary>An admin input ready for ingress: its template and SBE frame.</summary>
public sealed record EncodedRequest(int TemplateId, byte[] Frame);

/// <summary>
/// Turns the operators' JSON requests into the engine's admin inputs, checking everything the gateway can check
/// (names, scopes, units, exact decimals) so a mistake is answered at once with the field and the problem; what only
/// the engine knows (is the account open?) comes back in its AdminResult. Stateless.
/// </summary>
public static class AdminRequests
{
    /// <summary>A limit's operator name (risk.json's), its wire type, the scopes it takes and its unit.</summary>
    private static readonly Dictionary<string, (Codecs.RiskLimitType Type, LimitScope Scopes, LimitUnit Unit)> s_limits = new(StringComparer.Ordinal)
    {
        ["maxOrderSize"] = (Codecs.RiskLimitType.MaxOrderQuantity, LimitScope.Instrument, LimitUnit.Quantity),
        ["maxPositionSize"] = (Codecs.RiskLimitType.MaxPosition, LimitScope.Instrument, LimitUnit.Quantity),
        ["maxOrderNotional"] = (Codecs.RiskLimitType.MaxNotional, LimitScope.Instrument, LimitUnit.Money),
        ["maxSymbolExposure"] = (Codecs.RiskLimitType.MaxSymbolExposure, LimitScope.Instrument, LimitUnit.Money),
        ["priceBandBps"] = (Codecs.RiskLimitType.PriceBandBasisPoints, LimitScope.Instrument, LimitUnit.Count),
        ["maxGrossExposure"] = (Codecs.RiskLimitType.MaxGrossExposure, LimitScope.Account, LimitUnit.Money),
        ["maxDailyLoss"] = (Codecs.RiskLimitType.MaxDailyLoss, LimitScope.Account, LimitUnit.Money),
        ["orderRatePerSecond"] = (Codecs.RiskLimitType.MaxOrdersPerSecond, LimitScope.Account | LimitScope.Strategy, LimitUnit.Count),
        ["orderBurst"] = (Codecs.RiskLimitType.OrderBurst, LimitScope.Account | LimitScope.Strategy, LimitUnit.Count),
    };

    [Flags]
    private enum LimitScope
    {
        Instrument = 1,
        Account = 2,
        Strategy = 4,
    }

    private enum LimitUnit
    {
        Quantity,
        Money,
        Count,
    }

    /// <summary>The limit names <see cref="RiskLimit"/> takes.</summary>
    public static IEnumerable<string> LimitNames => s_limits.Keys;

    /// <summary><c>{"scope":"all|account|instrument|strategy", "account"|"instrument"|"strategy": ..., "action":"engage|release", "reason": "..."}</c></summary>
    public static EncodedRequest KillSwitch(JsonElement body, AdminCatalog catalog, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["scope", "account", "instrument", "strategy", "action", "reason"]);
        string scope = reader.RequireString(body, "$", "scope");
        Codecs.KillScope wireScope = scope switch
        {
            "all" => Codecs.KillScope.All,
            "account" => Codecs.KillScope.Account,
            "instrument" => Codecs.KillScope.Instrument,
            "strategy" => Codecs.KillScope.Strategy,
            _ => throw reader.Error("$.scope", $"'{scope}' is not one of all, account, instrument, strategy"),
        };
        RefuseOtherScopeKeys(reader, body, scope);
        ulong target = wireScope switch
        {
            Codecs.KillScope.Account => (ulong)reader.RequireInt(body, "$", "account", 1, int.MaxValue),
            Codecs.KillScope.Instrument => (ulong)Instrument(reader, body, catalog).Id,
            Codecs.KillScope.Strategy => (ulong)reader.RequireInt(body, "$", "strategy", 1, int.MaxValue),
            _ => 0,
        };
        string action = reader.RequireString(body, "$", "action");
        Codecs.SwitchAction wireAction = action switch
        {
            "engage" => Codecs.SwitchAction.Engage,
            "release" => Codecs.SwitchAction.Release,
            _ => throw reader.Error("$.action", $"'{action}' is not one of engage, release"),
        };
        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.KillSwitchEncoder.BlockLength + 2 + MaxReasonBytes];
        var kill = Codecs.KillSwitchEncoder.WrapAndApplyHeader(frame, 0);
        kill.TargetId = target;
        kill.RequestTime = requestTime;
        kill.PrincipalId = principal;
        kill.Scope = wireScope;
        kill.Action = wireAction;
        kill.SetReason(Reason(reader, body));
        return new EncodedRequest(Codecs.KillSwitchEncoder.TemplateId, frame[..(Codecs.EngineSchema.HeaderLength + kill.EncodedLength)]);
    }

    /// <summary><c>{"scope":"global|account|instrument", "account"|"instrument": ..., "state":"active|reduce-only|halted", "reason": "..."}</c></summary>
    public static EncodedRequest TradingState(JsonElement body, AdminCatalog catalog, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["scope", "account", "instrument", "state", "reason"]);
        string scope = reader.RequireString(body, "$", "scope");
        Codecs.TradingScope wireScope = scope switch
        {
            "global" => Codecs.TradingScope.Global,
            "account" => Codecs.TradingScope.Account,
            "instrument" => Codecs.TradingScope.Instrument,
            _ => throw reader.Error("$.scope", $"'{scope}' is not one of global, account, instrument"),
        };
        RefuseOtherScopeKeys(reader, body, scope);
        ulong account = wireScope == Codecs.TradingScope.Account ? (ulong)reader.RequireInt(body, "$", "account", 1, int.MaxValue) : 0;
        uint instrument = wireScope == Codecs.TradingScope.Instrument ? (uint)Instrument(reader, body, catalog).Id : 0;
        string state = reader.RequireString(body, "$", "state");
        Codecs.TradingAction action = state switch
        {
            "active" => Codecs.TradingAction.Resume,
            "reduce-only" => Codecs.TradingAction.ReduceOnly,
            "halted" => Codecs.TradingAction.Halt,
            _ => throw reader.Error("$.state", $"'{state}' is not one of active, reduce-only, halted"),
        };
        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.InstrumentTradingActionEncoder.BlockLength + 2 + MaxReasonBytes];
        var message = Codecs.InstrumentTradingActionEncoder.WrapAndApplyHeader(frame, 0);
        message.RequestTime = requestTime;
        message.InstrumentId = instrument;
        message.PrincipalId = principal;
        message.Action = action;
        message.Scope = wireScope;
        message.AccountId = account;
        message.SetReason(Reason(reader, body));
        return new EncodedRequest(Codecs.InstrumentTradingActionEncoder.TemplateId, frame[..(Codecs.EngineSchema.HeaderLength + message.EncodedLength)]);
    }

    /// <summary>
    /// <c>{"account": 1 | "allAccounts": true, "instrument": "BTC-USDT", "side": "buy|sell"}</c>: exactly one of account
    /// and allAccounts (every account's orders is a choice an operator makes explicitly); instrument and side optional.
    /// </summary>
    public static EncodedRequest CancelAll(JsonElement body, AdminCatalog catalog, long requestTime)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["account", "allAccounts", "instrument", "side"]);
        bool hasAccount = body.TryGetProperty("account", out _);
        bool allAccounts = body.TryGetProperty("allAccounts", out JsonElement all) && all.ValueKind == JsonValueKind.True;
        if (body.TryGetProperty("allAccounts", out all) && all.ValueKind != JsonValueKind.True)
        {
            throw reader.Error("$.allAccounts", "must be true (leave it out and give an account to cancel one account's orders)");
        }

        if (hasAccount == allAccounts)
        {
            throw reader.Error("$", hasAccount
                ? "give either account or allAccounts, not both"
                : "give the account whose orders to cancel, or \"allAccounts\": true to cancel every account's orders");
        }

        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.CancelAllEncoder.BlockLength];
        var cancel = Codecs.CancelAllEncoder.WrapAndApplyHeader(frame, 0);
        cancel.ClientOrderId = 0;
        cancel.AccountId = hasAccount ? (ulong)reader.RequireInt(body, "$", "account", 1, int.MaxValue) : 0;
        cancel.SendingTime = requestTime;
        cancel.InstrumentId = body.TryGetProperty("instrument", out _) ? (uint)Instrument(reader, body, catalog).Id : Codecs.CancelAllEncoder.InstrumentIdNullValue;
        string? side = body.TryGetProperty("side", out _) ? reader.RequireString(body, "$", "side") : null;
        cancel.Side = side switch
        {
            null => Codecs.Side.NullValue,
            "buy" => Codecs.Side.Buy,
            "sell" => Codecs.Side.Sell,
            _ => throw reader.Error("$.side", $"'{side}' is not one of buy, sell"),
        };
        return new EncodedRequest(Codecs.CancelAllEncoder.TemplateId, frame);
    }

    /// <summary>
    /// <c>{"order": 42, "account": 1}</c>: cancel one open order by the engine's id (the status's <c>orders</c>); the
    /// account is optional (with it, the engine refuses an order of another account).
    /// </summary>
    public static EncodedRequest CancelOrder(JsonElement body, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["order", "account"]);
        JsonElement order = reader.Require(body, "$", "order");
        if (order.ValueKind != JsonValueKind.Number || !order.TryGetInt64(out long orderId) || orderId < 1)
        {
            throw reader.Error("$.order", $"expected the engine's order id, a positive integer, found {order.GetRawText()}");
        }

        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.AdminCancelOrderEncoder.BlockLength];
        var cancel = Codecs.AdminCancelOrderEncoder.WrapAndApplyHeader(frame, 0);
        cancel.RequestTime = requestTime;
        cancel.OrderId = (ulong)orderId;
        cancel.AccountId = body.TryGetProperty("account", out _) ? (ulong)reader.RequireInt(body, "$", "account", 1, int.MaxValue) : 0;
        cancel.PrincipalId = principal;
        return new EncodedRequest(Codecs.AdminCancelOrderEncoder.TemplateId, frame);
    }

    /// <summary>
    /// <c>{"venue": "BINANCE"}</c>: the venue's gateway reconciles now; without a venue, every venue's gateway does.
    /// </summary>
    public static EncodedRequest Reconcile(JsonElement body, AdminCatalog catalog, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["venue"]);
        int venue = 0;
        if (body.TryGetProperty("venue", out _))
        {
            string code = reader.RequireString(body, "$", "venue");
            if (!catalog.TryGetVenue(code, out venue))
            {
                throw reader.Error("$.venue", $"'{code}' is not a venue of the engine's registry ({string.Join(", ", catalog.Venues)})");
            }
        }

        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.AdminReconcileEncoder.BlockLength];
        var reconcile = Codecs.AdminReconcileEncoder.WrapAndApplyHeader(frame, 0);
        reconcile.RequestTime = requestTime;
        reconcile.VenueId = (ushort)venue;
        reconcile.PrincipalId = principal;
        return new EncodedRequest(Codecs.AdminReconcileEncoder.TemplateId, frame);
    }

    /// <summary>
    /// <c>{"limit": "maxOrderSize", "value": "0.5" | "unlimited", "instrument"|"account"|"strategy": ...}</c>: the
    /// value in the limit's unit as a decimal string (quantity, valuation money, or a whole count).
    /// </summary>
    public static EncodedRequest RiskLimit(JsonElement body, AdminCatalog catalog, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["limit", "value", "instrument", "account", "strategy"]);
        string name = reader.RequireString(body, "$", "limit");
        if (!s_limits.TryGetValue(name, out var limit))
        {
            throw reader.Error("$.limit", $"'{name}' is not one of {string.Join(", ", s_limits.Keys)}");
        }

        bool hasInstrument = body.TryGetProperty("instrument", out _);
        bool hasAccount = body.TryGetProperty("account", out _);
        bool hasStrategy = body.TryGetProperty("strategy", out _);
        LimitScope scope = (hasInstrument ? LimitScope.Instrument : 0) | (hasAccount ? LimitScope.Account : 0) | (hasStrategy ? LimitScope.Strategy : 0);
        if (scope is not (LimitScope.Instrument or LimitScope.Account or LimitScope.Strategy) || (limit.Scopes & scope) == 0)
        {
            throw reader.Error("$", $"{name} is set for exactly one {DescribeScopes(limit.Scopes)}");
        }

        CatalogInstrument? instrument = hasInstrument ? Instrument(reader, body, catalog) : null;
        string text = reader.RequireString(body, "$", "value");
        long value;
        if (text == "unlimited" && limit.Unit != LimitUnit.Count)
        {
            value = long.MaxValue;
        }
        else
        {
            int scale = limit.Unit switch
            {
                LimitUnit.Quantity => instrument!.QuantityScale,
                LimitUnit.Money => catalog.ValuationScale,
                _ => 0,
            };
            value = reader.RequireDecimal(body, "$", "value", scale, positive: false);
        }

        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.RiskLimitChangeEncoder.BlockLength];
        var change = Codecs.RiskLimitChangeEncoder.WrapAndApplyHeader(frame, 0);
        change.AccountId = hasAccount ? (ulong)reader.RequireInt(body, "$", "account", 1, int.MaxValue) : 0;
        change.Value = value;
        change.RequestTime = requestTime;
        change.InstrumentId = instrument is null ? Codecs.RiskLimitChangeEncoder.InstrumentIdNullValue : (uint)instrument.Id;
        change.PrincipalId = principal;
        change.LimitType = limit.Type;
        change.StrategyId = hasStrategy ? (uint)reader.RequireInt(body, "$", "strategy", 1, int.MaxValue) : 0;
        return new EncodedRequest(Codecs.RiskLimitChangeEncoder.TemplateId, frame);
    }

    /// <summary><c>{"timeoutMillis": 30000}</c> (optional: keeps the configured interval): feeds the dead-man switch.</summary>
    public static EncodedRequest Heartbeat(JsonElement body, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["timeoutMillis"]);
        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.DeadManHeartbeatEncoder.BlockLength];
        var heartbeat = Codecs.DeadManHeartbeatEncoder.WrapAndApplyHeader(frame, 0);
        heartbeat.SessionId = principal;
        heartbeat.Timeout = body.TryGetProperty("timeoutMillis", out _) ? reader.RequireInt(body, "$", "timeoutMillis", 1, 86_400_000) * 1_000_000L : 0;
        heartbeat.RequestTime = requestTime;
        heartbeat.PrincipalId = principal;
        return new EncodedRequest(Codecs.DeadManHeartbeatEncoder.TemplateId, frame);
    }

    /// <summary><c>{"account": 1, "asset": "USDT", "amount": "1000", "direction": "deposit|withdrawal"}</c></summary>
    public static EncodedRequest Funds(JsonElement body, AdminCatalog catalog, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["account", "asset", "amount", "direction"]);
        int account = reader.RequireInt(body, "$", "account", 1, int.MaxValue);
        string asset = reader.RequireString(body, "$", "asset");
        if (!catalog.TryGetAsset(asset, out int assetId))
        {
            throw reader.Error("$.asset", $"'{asset}' is not an asset of any traded instrument");
        }

        long amount = reader.RequireDecimal(body, "$", "amount", catalog.LedgerScale, positive: true);
        string direction = reader.RequireString(body, "$", "direction");
        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.FundsTransferRequestEncoder.BlockLength];
        var transfer = Codecs.FundsTransferRequestEncoder.WrapAndApplyHeader(frame, 0);
        transfer.RequestId = (ulong)requestTime;
        transfer.AccountId = (ulong)account;
        transfer.Amount.SetMantissa(amount);
        transfer.RequestTime = requestTime;
        transfer.AssetId = (uint)assetId;
        transfer.PrincipalId = principal;
        transfer.Direction = direction switch
        {
            "deposit" => Codecs.FundsDirection.Deposit,
            "withdrawal" => Codecs.FundsDirection.Withdrawal,
            _ => throw reader.Error("$.direction", $"'{direction}' is not one of deposit, withdrawal"),
        };
        return new EncodedRequest(Codecs.FundsTransferRequestEncoder.TemplateId, frame);
    }

    /// <summary><c>{"strategy": 1, "name": "halfSpreadTicks", "value": "50"}</c></summary>
    public static EncodedRequest StrategyParameter(JsonElement body, long requestTime, uint principal)
    {
        StrictJsonReader reader = Reader();
        reader.RequireObject(body, "$", ["strategy", "name", "value"]);
        int strategy = reader.RequireInt(body, "$", "strategy", 1, int.MaxValue);
        string name = reader.RequireName(body, "$", "name");
        string value = reader.RequireString(body, "$", "value");
        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.StrategyParameterChangeEncoder.BlockLength + 4 + (2 * MaxReasonBytes)];
        var change = Codecs.StrategyParameterChangeEncoder.WrapAndApplyHeader(frame, 0);
        change.RequestTime = requestTime;
        change.StrategyId = (uint)strategy;
        change.PrincipalId = principal;
        change.SetName(RequireFits(reader, "name", name));
        change.SetValue(RequireFits(reader, "value", value));
        return new EncodedRequest(Codecs.StrategyParameterChangeEncoder.TemplateId, frame[..(Codecs.EngineSchema.HeaderLength + change.EncodedLength)]);
    }

    public static EncodedRequest Snapshot(long requestTime, uint principal)
    {
        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.SnapshotRequestEncoder.BlockLength];
        var request = Codecs.SnapshotRequestEncoder.WrapAndApplyHeader(frame, 0);
        request.RequestId = (ulong)requestTime;
        request.RequestTime = requestTime;
        request.PrincipalId = principal;
        return new EncodedRequest(Codecs.SnapshotRequestEncoder.TemplateId, frame);
    }

    public static EncodedRequest Status(long requestId, long requestTime, uint principal)
    {
        byte[] frame = new byte[Codecs.EngineSchema.HeaderLength + Codecs.StatusRequestEncoder.BlockLength];
        var request = Codecs.StatusRequestEncoder.WrapAndApplyHeader(frame, 0);
        request.RequestId = (ulong)requestId;
        request.RequestTime = requestTime;
        request.PrincipalId = principal;
        return new EncodedRequest(Codecs.StatusRequestEncoder.TemplateId, frame);
    }

    /// <summary>
    /// The most UTF-8 bytes of a journaled text field (a reason, a parameter's name or value): so every admin input
    /// fits the engine's largest input. Longer text is refused, never cut: the audit trail keeps what was asked.
    /// </summary>
    public const int MaxTextBytes = 256;

    private const int MaxReasonBytes = MaxTextBytes;

    private static StrictJsonReader Reader() => new("request body", message => new AdminRequestException(message));

    private static string Reason(StrictJsonReader reader, JsonElement body) =>
        body.TryGetProperty("reason", out _) ? RequireFits(reader, "reason", reader.RequireString(body, "$", "reason")) : string.Empty;

    private static string RequireFits(StrictJsonReader reader, string field, string text)
    {
        int bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        return bytes <= MaxTextBytes
            ? text
            : throw reader.Error("$." + field, $"is {bytes} bytes long; the journaled field holds at most {MaxTextBytes} bytes (UTF-8): shorten it");
    }

    private static CatalogInstrument Instrument(StrictJsonReader reader, JsonElement body, AdminCatalog catalog)
    {
        string symbol = reader.RequireString(body, "$", "instrument");
        return catalog.TryGetInstrument(symbol, out CatalogInstrument instrument)
            ? instrument
            : throw reader.Error("$.instrument", $"'{symbol}' is not a traded instrument (known: {string.Join(", ", catalog.Symbols)})");
    }

    /// <summary>Refuses the target keys (account, instrument, strategy) other than the one the scope names.</summary>
    private static void RefuseOtherScopeKeys(StrictJsonReader reader, JsonElement body, string scope)
    {
        foreach (string key in (string[])["account", "instrument", "strategy"])
        {
            if (key != scope && body.TryGetProperty(key, out _))
            {
                throw reader.Error("$." + key, "is not used by this scope");
            }
        }
    }

    private static string DescribeScopes(LimitScope scopes) => scopes switch
    {
        LimitScope.Instrument => "instrument",
        LimitScope.Account => "account",
        _ => "account or strategy",
    };
}
