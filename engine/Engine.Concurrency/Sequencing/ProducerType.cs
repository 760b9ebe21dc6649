namespace Engine.Concurrency.Sequencing;

/// <summary>How many threads publish into a ring: it picks the sequencer (and its cost).</summary>
public enum ProducerType
{
    /// <summary>Exactly one publishing thread: claims are plain writes (<see cref="SingleProducerSequencer"/>).</summary>
    Single,

    /// <summary>Any number of publishing threads: claims are atomic (<see cref="MultiProducerSequencer"/>).</summary>
    Multi,
}
