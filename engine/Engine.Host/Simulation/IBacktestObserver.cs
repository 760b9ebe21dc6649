namespace Engine.Host;

/// <summary>
/// What a dataset backtest tells whoever builds its report, on the simulation's thread as it happens: every order the
/// simulated venue accepted, every fill, every settled funding of the recorded data, and the sample times. Observing
/// changes nothing in the run (no input, no journal record).
/// </summary>
public interface IBacktestObserver
{
    /// <summary>The venue received a new order (it passed the engine's risk checks).</summary>
    void OnOrder(uint instrumentId, long time);

    void OnFill(in SimulatedFill fill);

    /// <summary>A settled FundingRate record of the data, as the engine applies it: rate = mantissa × 10^exponent per settlement, at the mark price.</summary>
    void OnFunding(uint instrumentId, long time, long markPrice, long rateMantissa, int rateExponent);

    /// <summary>A sample time (every sample interval from the start, and the end): <paramref name="venue"/> has the recorded books and marks as of then.</summary>
    void OnSample(long time, FillSimulator venue);
}
