using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Engine.Journal.Postgres.Tests;

/// <summary>
/// A real, throw-away PostgreSQL server: <c>initdb</c> in a temporary directory, started with <c>pg_ctl</c> on a free
/// port of 127.0.0.1 with its socket in the same directory. PostgreSQL refuses to run as root, so under root the
/// server runs as the <c>postgres</c> user the Debian package creates (via <c>runuser</c>). Also used by the
/// <c>pg-replicate</c> perf harness (linked source), so it depends on nothing but the BCL.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string InstallCommand = "apt-get update && apt-get install -y postgresql";

    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgresUser;
    private bool _running;

    private PostgresServer(string bin, string root, int port, bool asPostgresUser)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Timeout=5;Command Timeout=60";

    /// <summary>The directory of initdb and pg_ctl (newest major version), or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        string? best = null;
        int bestVersion = -1;
        foreach (string directory in Directory.EnumerateDirectories(Root))
        {
            string bin = Path.Combine(directory, "bin");
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out int version) &&
                version > bestVersion && File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            {
                best = bin;
                bestVersion = version;
            }
        }

        return best;
    }

    /// <summary>Creates and starts a server; <paramref name="durable"/> false turns fsync off (tests do not need it).</summary>
    public static PostgresServer Start(bool durable = false)
    {
        string bin = FindBinaries() ?? throw new InvalidOperationException(
            $"PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); install it with: {InstallCommand}");
        string root = Path.Combine(Path.GetTempPath(), "engine-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        bool asPostgres = Environment.UserName == "root";
        var server = new PostgresServer(bin, root, FreePort(), asPostgres);
        try
        {
            if (asPostgres)
            {
                Run("chown", "-R", "postgres:postgres", root);
            }

            server.RunTool("initdb", "-D", server._data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions");
            string settings = durable ? string.Empty : "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
            File.AppendAllText(
                Path.Combine(server._data, "postgresql.conf"),
                $"\nlisten_addresses = '127.0.0.1'\nport = {server.Port.ToString(CultureInfo.InvariantCulture)}\nunix_socket_directories = '{root}'\n{settings}");
            server.StartServer();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the (stopped) server again on the same port.</summary>
    public void StartServer()
    {
        RunTool("pg_ctl", "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start");
        _running = true;
    }

    /// <summary>Stops the server the way an outage would: fast shutdown, open connections are terminated.</summary>
    public void StopServer()
    {
        RunTool("pg_ctl", "-D", _data, "-m", "fast", "-w", "-t", "60", "stop");
        _running = false;
    }

    public void Dispose()
    {
        try
        {
            if (_running)
            {
                StopServer();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp directory must not fail the run.
            }
        }
    }

    private void RunTool(string tool, params string[] arguments)
    {
        string path = Path.Combine(_bin, tool);
        if (_asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {error.Result.Trim()} {output.Result.Trim()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
