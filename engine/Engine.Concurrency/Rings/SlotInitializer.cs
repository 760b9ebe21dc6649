namespace Engine.Concurrency.Rings;

/// <summary>Prepares one pre-allocated slot when the ring is built (e.g. gives it its own payload buffer).</summary>
public delegate void SlotInitializer<T>(ref T slot, int index)
    where T : struct;
