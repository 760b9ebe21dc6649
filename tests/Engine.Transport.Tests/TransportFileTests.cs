using System.Diagnostics;

namespace Engine.Transport.Tests;

[TestFixture]
public sealed class TransportFileTests
{
    [Test]
    public void Client_AttachesToARunningEngine_AndSeesItsSizes()
    {
        TransportOptions options = TestTransports.Small();
        using TransportFile engine = TransportFile.CreateForEngine(options);
        using TransportFile client = TransportFile.OpenForClient(options.FilePath);

        Assert.That(client.IngressCapacity, Is.EqualTo(options.IngressCapacity));
        Assert.That(client.EgressCapacity, Is.EqualTo(options.EgressCapacity));
        Assert.That(client.Engine.Pid, Is.EqualTo(Environment.ProcessId));
    }

    [Test]
    public void MissingFile_IsRefused_SayingTheEngineMayNotRun()
    {
        var e = Assert.Throws<TransportLayoutException>(() => TransportFile.OpenForClient("/dev/shm/engine-test-does-not-exist"));
        Assert.That(e!.Message, Does.Contain("engine-test-does-not-exist").And.Contain("is the engine running"));
    }

    [Test]
    public void ForeignFile_IsRefused_NamingTheMagic()
    {
        string path = Path.Combine(TransportOptions.DefaultDirectory, $"engine-test-foreign-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, new byte[8192]);
        try
        {
            var e = Assert.Throws<TransportLayoutException>(() => TransportFile.OpenForClient(path));
            Assert.That(e!.Message, Does.Contain("not an engine transport file"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AnotherLayoutVersion_IsRefused_NamingBothVersions()
    {
        TransportOptions options = TestTransports.Small();
        using TransportFile engine = TransportFile.CreateForEngine(options);
        PatchInt32(options.FilePath, TransportFileDescriptor.LayoutVersionOffset, 99);

        var e = Assert.Throws<TransportLayoutException>(() => TransportFile.OpenForClient(options.FilePath));
        Assert.That(e!.Message, Does.Contain("version 99").And.Contain($"version {TransportFileDescriptor.LayoutVersion}"));
    }

    [Test]
    public void SizesThatDoNotMatchTheFile_AreRefused()
    {
        TransportOptions options = TestTransports.Small();
        using TransportFile engine = TransportFile.CreateForEngine(options);
        PatchInt32(options.FilePath, TransportFileDescriptor.IngressCapacityOffset, options.IngressCapacity * 2);

        var e = Assert.Throws<TransportLayoutException>(() => TransportFile.OpenForClient(options.FilePath));
        Assert.That(e!.Message, Does.Contain("header describes"));
    }

    [Test]
    public void FileOfADeadEngine_IsStaleForClients_AndCleanedByTheNextEngine()
    {
        TransportOptions options = TestTransports.Small();
        string copy = options.FilePath + ".dead";
        using (TransportFile engine = TransportFile.CreateForEngine(options))
        {
            File.Copy(options.FilePath, copy);
        }

        PatchInt32(copy, TransportFileDescriptor.EnginePidOffset, DeadPid());
        File.Move(copy, options.FilePath);

        var e = Assert.Throws<TransportLayoutException>(() => TransportFile.OpenForClient(options.FilePath));
        Assert.That(e!.Message, Does.Contain("stale"));
        using TransportFile next = TransportFile.CreateForEngine(options);
        Assert.That(next.CleanedStaleFile, Is.True);
    }

    [Test]
    public void SecondEngine_OnTheSameName_IsRefusedWhileTheFirstRuns()
    {
        TransportOptions options = TestTransports.Small();
        using TransportFile engine = TransportFile.CreateForEngine(options);
        using var other = PeerProcess.Start("hang", options.FilePath);
        other.ReadLine();

        // Make the file look like the peer's engine: a live process that is not us.
        PatchInt32(options.FilePath, TransportFileDescriptor.EnginePidOffset, other.Pid);
        PatchInt64(options.FilePath, TransportFileDescriptor.EngineProcessStartOffset, Liveness.ProcessIdentity.Of(other.Pid)!.Value.StartTime);

        var e = Assert.Throws<TransportLayoutException>(() => TransportFile.CreateForEngine(options));
        Assert.That(e!.Message, Does.Contain($"running engine (pid {other.Pid})"));
    }

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static void PatchInt32(string path, int offset, int value)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = offset;
        stream.Write(BitConverter.GetBytes(value));
    }

    private static void PatchInt64(string path, int offset, long value)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = offset;
        stream.Write(BitConverter.GetBytes(value));
    }
}
