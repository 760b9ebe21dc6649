namespace Engine.Core;

/// <summary>
/// The descriptor of a strategy whose state is <typeparamref name="TState"/>: the parameters are stored into a copy of
/// <paramref name="initial"/> (in the order declared) and the factory builds the strategy around that state.
/// </summary>
public sealed class StrategyDescriptor<TState> : StrategyDescriptor
    where TState : unmanaged
{
    private readonly TState _initial;
    private readonly Func<StrategyBinding, TState, Strategy<TState>> _create;
    private readonly StrategyParameter<TState>[] _parameters;

    public StrategyDescriptor(string name, string description, in TState initial, Func<StrategyBinding, TState, Strategy<TState>> create, params StrategyParameter<TState>[] parameters)
        : base(name, description)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(parameters);
        if (StateLayout.Problem(typeof(TState)) is { } problem)
        {
            throw new ArgumentException($"strategy {name}: its state {problem}", nameof(initial));
        }

        if (parameters.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != parameters.Length)
        {
            throw new ArgumentException($"strategy {name}: two parameters share a name", nameof(parameters));
        }

        _initial = initial;
        _create = create;
        _parameters = parameters;
    }

    public override IReadOnlyList<IStrategyParameter> Parameters => _parameters;

    public IReadOnlyList<StrategyParameter<TState>> TypedParameters => _parameters;

    public override Strategy Create(StrategyBinding binding, IReadOnlyDictionary<string, long> values)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(values);
        TState state = _initial;
        foreach (StrategyParameter<TState> parameter in _parameters)
        {
            parameter.Set(ref state, values.TryGetValue(parameter.Name, out long value)
                ? value
                : throw new ArgumentException($"strategy {Name}: no value for parameter {parameter.Name}", nameof(values)));
        }

        return _create(binding, state);
    }
}
