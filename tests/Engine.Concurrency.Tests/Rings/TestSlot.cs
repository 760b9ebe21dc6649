namespace Engine.Concurrency.Tests.Rings;

/// <summary>A small slot for ring tests.</summary>
public struct TestSlot
{
    public long Value;
    public int Owner;
}
