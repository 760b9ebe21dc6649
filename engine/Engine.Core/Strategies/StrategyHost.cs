using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// The strategies the BLP hosts: builds one <see cref="StrategyContext"/> per configured strategy, delivers market
/// data, timer ticks and order updates to them in configuration order, holds the per-strategy kill switches and
/// covers the strategies' state in the StateHash and snapshots. Owned by the BLP thread.
/// </summary>
internal sealed class StrategyHost
{
    private readonly StrategyContext[] _strategies;
    private readonly StrategyContext?[] _byId;
    private readonly bool[] _killed;
    private bool _started;

    public StrategyHost(CoreSettings settings, BusinessLogicProcessor processor, OrderManager orders)
    {
        _strategies = new StrategyContext[settings.Strategies.Count];
        int maxStrategy = settings.Risk.MaxStrategyId;
        _byId = new StrategyContext?[maxStrategy + 1];
        _killed = new bool[maxStrategy + 1];
        for (int i = 0; i < _strategies.Length; i++)
        {
            StrategyDefinition definition = settings.Strategies[i];
            if (definition.Id.Value < 1 || definition.Id.Value > maxStrategy)
            {
                throw new ArgumentException($"strategy {definition.Kind} has id {definition.Id.Value}, outside 1..{maxStrategy} (risk's maxStrategyId)", nameof(settings));
            }

            if (_byId[definition.Id.Value] is not null)
            {
                throw new ArgumentException($"two strategies have id {definition.Id.Value}", nameof(settings));
            }

            var context = new StrategyContext(processor, orders, definition, definition.Create());
            _strategies[i] = context;
            _byId[definition.Id.Value] = context;
        }
    }

    public IReadOnlyList<StrategyContext> All => _strategies;

    public bool Started => _started;

    /// <summary>Runs every strategy's <see cref="Strategy.OnStart"/> once.</summary>
    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnStart(context);
        }
    }

    /// <summary>Whether a strategy kill switch can name this id (1..maxStrategyId, configured or not).</summary>
    public bool IsValidId(ulong id) => id > 0 && id < (ulong)_killed.Length;

    public bool IsKilled(StrategyId strategy) =>
        strategy.Value > 0 && strategy.Value < _killed.Length && _killed[strategy.Value];

    public void SetKilled(StrategyId strategy, bool killed) => _killed[strategy.Value] = killed;

    public void OnBook(in TopOfBook top)
    {
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnBook(context, top);
        }
    }

    public void OnTrade(in MarketTrade trade)
    {
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnTrade(context, trade);
        }
    }

    public void OnTimer(long time)
    {
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnTimer(context, time);
        }
    }

    /// <summary>Tells the order's strategy (if a hosted one sent it) what just happened to it.</summary>
    public void Notify(ref OrderRecord order, Quantity lastQuantity, Price lastPrice, ResultCode code, ReadOnlySpan<byte> venueText = default)
    {
        StrategyContext? context = order.Strategy.Value > 0 && order.Strategy.Value < _byId.Length ? _byId[order.Strategy.Value] : null;
        if (context is null)
        {
            return;
        }

        var update = new OrderUpdate(order.Id, order.Listing, order.Instrument, order.Side, order.State, order.Price, order.Leaves, lastQuantity, lastPrice, code);
        if (venueText.IsEmpty)
        {
            // Every fill and acknowledgement: the context's text is already empty outside a refusal's callback.
            context.Strategy.OnOrderUpdate(context, update);
            return;
        }

        context.SetVenueText(venueText);
        context.Strategy.OnOrderUpdate(context, update);
        context.SetVenueText(default);
    }

    /// <summary>An operator's parameter change; false when there is no such strategy or it refused the change.</summary>
    public bool OnParameter(uint id, string name, string value)
    {
        StrategyContext? context = id < (uint)_byId.Length ? _byId[id] : null;
        return context is not null && context.Strategy.OnParameter(context, name, value);
    }

    public void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(_started ? 1 : 0);
        for (int i = 0; i < _killed.Length; i++)
        {
            hasher.Add(_killed[i] ? 1 : 0);
        }

        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.AddToHash(ref hasher);
        }
    }

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.BeginSection("strategies");
        writer.WriteBoolean(_started);
        writer.WriteArray<bool>(_killed);
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.WriteSnapshot(writer);
        }
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ExpectSection("strategies");
        _started = reader.ReadBoolean();
        reader.ReadInto<bool>(_killed);
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.RestoreSnapshot(reader);
        }
    }
}
