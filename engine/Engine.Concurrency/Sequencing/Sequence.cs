using System.Runtime.CompilerServices;

namespace Engine.Concurrency.Sequencing;

/// <summary>
/// A position in a ring (a sequence number), padded against false sharing, with the orderings the Disruptor needs:
/// acquire reads, release writes, a full-fence write and compare-and-set.
/// </summary>
/// <remarks>
/// Thread ownership: exactly one thread writes a sequence (its producer or its event processor), except the
/// multi-producer cursor, which producers advance only through <see cref="CompareAndSet"/> and
/// <see cref="AddAndGet"/>. Any thread may read it.
/// </remarks>
public sealed class Sequence
{
    /// <summary>The value of a sequence that has seen nothing yet: the first slot is sequence 0.</summary>
    public const long InitialValue = -1;

    // The only field, so the value sits PaddedLong.ValueOffset bytes into the object's data (checked by a test).
    private PaddedLong _padded;

    public Sequence(long initialValue = InitialValue)
    {
        _padded.Value = initialValue;
    }

    /// <summary>The value with acquire semantics: what the writer wrote before publishing it is visible.</summary>
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _padded.Value);

        // Release store: everything written before (the slot's contents) is visible to whoever reads this value.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Volatile.Write(ref _padded.Value, value);
    }

    /// <summary>Writes with a full fence (store-load ordering), for the rare path where a later load must not pass it.</summary>
    public void SetVolatile(long value) => Interlocked.Exchange(ref _padded.Value, value);

    /// <summary>Atomically sets <paramref name="value"/> when the current value is <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSet(long expected, long value) =>
        Interlocked.CompareExchange(ref _padded.Value, value, expected) == expected;

    /// <summary>Atomically adds <paramref name="increment"/> and returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long AddAndGet(long increment) => Interlocked.Add(ref _padded.Value, increment);

    /// <summary>The raw field, for the layout test only.</summary>
    internal ref long ValueReference => ref _padded.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
