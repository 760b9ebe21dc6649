using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Timer ticks: the inputs that move the engine's time when nothing else does. Each rolls the trading day when its
/// time is past the configured roll (the daily loss restarts from zero), polls the dead-man switch and runs the
/// strategies' timers. Owned by the BLP thread.
/// </summary>
internal sealed class TimerHandler
{
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly RiskEngine _risk;
    private readonly OrderManager _orders;
    private readonly StrategyHost _strategies;

    public TimerHandler(InputContext input, EngineCounters counters, RiskEngine risk, OrderManager orders, StrategyHost strategies)
    {
        _input = input;
        _counters = counters;
        _risk = risk;
        _orders = orders;
        _strategies = strategies;
    }

    public void OnTimerTick(Sbe.TimerTickDecoder tick)
    {
        _counters.TimerTicks++;
        if (_risk.AdvanceTradingDay(_input.Time))
        {
            _counters.TradingDays++;
        }

        if (_risk.PollDeadManSwitch(_input.Time))
        {
            // No admin heartbeat within the interval: risk halted trading; cancel everything that is open.
            _counters.KillSwitchCancels += _orders.CancelEverything();
        }

        _strategies.OnTimer(_input.Time);
    }
}
