using Engine.PerfTests;

// dotnet run -c Release --project bench/Engine.PerfTests -- <harness|all|--list> [--quick]
// stdout: one JSON object per result line; stderr: the machine, progress and errors.
// Harnesses that need a second process start this executable again in a peer role.
if (args.Length > 0 && args[0] == Engine.PerfTests.Harnesses.Ipc.IpcPeer.Command)
{
    return Engine.PerfTests.Harnesses.Ipc.IpcPeer.Run(args[1..]);
}

IReadOnlyList<IHarness> harnesses = HarnessCatalog.All();
bool quick = args.Contains("--quick", StringComparer.Ordinal);
string[] names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();

if (args.Contains("--list", StringComparer.Ordinal) || names.Length == 0)
{
    Console.Error.WriteLine("usage: Engine.PerfTests <harness ...|all> [--quick]");
    foreach (IHarness harness in harnesses)
    {
        Console.WriteLine($"{harness.Name,-24} {harness.Description}");
    }

    return names.Length == 0 && !args.Contains("--list", StringComparer.Ordinal) ? 2 : 0;
}

var selected = new List<IHarness>();
foreach (string name in names)
{
    if (name == "all")
    {
        selected.AddRange(harnesses);
        continue;
    }

    IHarness? match = harnesses.FirstOrDefault(h => h.Name == name);
    if (match is null)
    {
        Console.Error.WriteLine($"perftests: unknown harness '{name}'; known: {string.Join(", ", harnesses.Select(h => h.Name))}");
        return 2;
    }

    selected.Add(match);
}

Console.Error.WriteLine($"machine: {MachineDescription.Describe()}");
var context = new HarnessContext(quick, Console.Out, Console.Error);
foreach (IHarness harness in selected)
{
    Console.Error.WriteLine($"running {harness.Name}{(quick ? " (quick)" : string.Empty)}: {harness.Description}");
    try
    {
        harness.Run(context);
    }
    catch (HarnessVerificationException e)
    {
        Console.Error.WriteLine($"perftests: {harness.Name} FAILED verification: {e.Message}");
        return 1;
    }
}

return 0;
