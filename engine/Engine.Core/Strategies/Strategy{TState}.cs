using System.Runtime.InteropServices;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A strategy whose whole state is one struct, <typeparamref name="TState"/>, declared once: the StateHash covers its
/// bytes, snapshots write them and restores read them back, so no strategy can forget a field in one of the three.
/// Keep every field that influences a decision (parameters included) in it. The struct must be integers only with no
/// padding; the registry checks that when the strategy is registered. Single-threaded: the BLP thread.
/// </summary>
/// <typeparam name="TState">The strategy's state: a struct of integers (fixed point), no references, no padding.</typeparam>
public abstract class Strategy<TState> : Strategy
    where TState : unmanaged
{
    private readonly ListingId _listing;
    private readonly IReadOnlyList<StrategyParameter<TState>> _parameters;
    private TState _state;

    /// <param name="initial">The state to start from, parameters included.</param>
    /// <param name="listing">The listing the strategy is bound to: its rules read parameter values.</param>
    /// <param name="parameters">The typed parameters an operator may change while it runs (its descriptor's).</param>
    protected Strategy(in TState initial, ListingId listing, IReadOnlyList<StrategyParameter<TState>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (StateLayout.Problem(typeof(TState)) is { } problem)
        {
            throw new ArgumentException($"strategy {GetType().Name}: its state {problem}", nameof(initial));
        }

        _state = initial;
        _listing = listing;
        _parameters = parameters;
    }

    /// <summary>The listing the strategy is bound to.</summary>
    public ListingId Listing => _listing;

    /// <summary>The strategy's state: read and write it in place.</summary>
    protected ref TState State => ref _state;

    /// <summary>A copy of the state, for tests and reports.</summary>
    public TState Snapshot => _state;

    /// <summary>An operator's change of a declared parameter, validated as the configuration's values are; false when refused.</summary>
    public sealed override bool OnParameter(StrategyContext context, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (StrategyParameter<TState> parameter in _parameters)
        {
            if (parameter.Name == name)
            {
                if (!parameter.TryParse(value, context.Rules(_listing), out long parsed, out _))
                {
                    return false;
                }

                parameter.Set(ref _state, parsed);
                OnParameterChanged(context, name);
                return true;
            }
        }

        return false;
    }

    /// <summary>A parameter changed (the state holds the new value): react if needed.</summary>
    protected virtual void OnParameterChanged(StrategyContext context, string name)
    {
    }

    public sealed override void AddToHash(ref StateHasher hasher)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<TState>(in _state));
        ReadOnlySpan<long> words = MemoryMarshal.Cast<byte, long>(bytes);
        foreach (long word in words)
        {
            hasher.Add(word);
        }

        for (int i = words.Length * sizeof(long); i < bytes.Length; i++)
        {
            hasher.Add(bytes[i]);
        }
    }

    public sealed override void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection(GetType().Name);
        writer.WriteValue(in _state);
    }

    public sealed override void RestoreSnapshot(SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ExpectSection(GetType().Name);
        _state = reader.ReadValue<TState>();
    }
}
