namespace Engine.PerfTests;

/// <summary>A harness produced a wrong result (lost events, bad checksum): its figures must not be reported.</summary>
public sealed class HarnessVerificationException : Exception
{
    public HarnessVerificationException(string message)
        : base(message)
    {
    }
}
