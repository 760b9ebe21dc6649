using System.CommandLine;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Core;
using Engine.Gateways.Admin;
using Engine.Host;
using Engine.Ledger.Accounts;
using Engine.Risk;

namespace Engine.Cli.Commands;

/// <summary>
/// The operators' commands. <c>engine gateway admin --config engine.json</c> runs the admin gateway (HTTP/JSON)
/// attached to the running engine; <c>engine admin status|kill-switch|cancel-all|cancel|reconcile|limit|trading-state|heartbeat|
/// funds|strategy-parameter|snapshot --url URL</c> talk to it (each mirrors its POST /api/... endpoint). Exit 0 when the engine applied the command, 1 when it refused it (the reason is
/// printed) or could not be reached, 2 on bad arguments.
/// </summary>
public static class AdminCommand
{
    public static Command CreateGateway(TextWriter output)
    {
        var config = new Option<FileInfo>("--config") { Description = "The running engine's engine.json (names, scales and the transport file).", Required = true };
        var listen = new Option<string>("--listen") { Description = "The URL to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "Without --users: a file holding the one bearer token requests must carry (loopback only)." };
        var principal = new Option<int>("--principal") { Description = "Without --users: the principal id journaled with every command (the audit trail's who).", DefaultValueFactory = _ => 1 };
        var users = new Option<FileInfo?>("--users") { Description = "The users file (engine admin user add): every request then needs a user's session or API token; each command journals its user." };
        var certificate = new Option<FileInfo?>("--certificate") { Description = "A PKCS#12 (.pfx) certificate for an https:// --listen (required beyond loopback)." };
        var certificatePassword = new Option<string?>("--certificate-password-env") { Description = "The environment variable holding the certificate's password, if it has one." };
        var command = new Command("admin", "The admin gateway: the operator console and its HTTP/JSON API (status, kill switch, cancel-all, limits, trading state).")
        {
            config, listen, tokenFile, principal, users, certificate, certificatePassword,
        };
        command.SetAction(parsed => RunGateway(
            parsed.GetValue(config)!,
            parsed.GetValue(listen)!,
            parsed.GetValue(tokenFile),
            parsed.GetValue(principal),
            new GatewaySecurity(parsed.GetValue(users), parsed.GetValue(certificate), parsed.GetValue(certificatePassword)),
            output));
        return command;
    }

    public static Command Create(TextWriter output)
    {
        var command = new Command("admin", "Operate a running engine through its admin gateway (engine gateway admin).");
        var json = new Option<bool>("--json") { Description = "Print the gateway's JSON instead of text." };
        Command status = Client(output, "status", "Switches, counters, accounts, cash, positions, limits in force and open orders.", [json], _ => null);
        status.SetAction(parsed => SendStatus(parsed, status, json, output));
        command.Subcommands.Add(status);

        var scope = new Option<string>("--scope") { Description = "all | account | instrument | strategy", Required = true };
        var account = new Option<int?>("--account") { Description = "The account (scope account)." };
        var instrument = new Option<string?>("--instrument") { Description = "The instrument symbol, e.g. BTC-USDT (scope instrument)." };
        var strategy = new Option<int?>("--strategy") { Description = "The strategy id (scope strategy)." };
        var release = new Option<bool>("--release") { Description = "Release the switch instead of engaging it." };
        var reason = new Option<string?>("--reason") { Description = "Why (journaled for the audit trail)." };
        command.Subcommands.Add(Client(output, "kill-switch", "Engage (or --release) a kill switch; engaging cancels the scope's open orders.", [scope, account, instrument, strategy, release, reason], parsed =>
            Body(("scope", parsed.GetValue(scope)), ("account", parsed.GetValue(account)), ("instrument", parsed.GetValue(instrument)), ("strategy", parsed.GetValue(strategy)),
                ("action", parsed.GetValue(release) ? "release" : "engage"), ("reason", parsed.GetValue(reason)))));

        var cancelAccount = new Option<int?>("--account") { Description = "This account's orders (or --all-accounts)." };
        var allAccounts = new Option<bool>("--all-accounts") { Description = "Every account's orders (or --account N)." };
        var cancelInstrument = new Option<string?>("--instrument") { Description = "Only this instrument." };
        var side = new Option<string?>("--side") { Description = "Only this side: buy | sell." };
        command.Subcommands.Add(Client(output, "cancel-all", "Cancel open orders of one account (--account N) or of every account (--all-accounts).", [cancelAccount, allAccounts, cancelInstrument, side], parsed =>
        {
            int? one = parsed.GetValue(cancelAccount);
            bool all = parsed.GetValue(allAccounts);
            if (one is null == !all)
            {
                throw new UsageException(all
                    ? "cancel-all: give either --account N or --all-accounts, not both"
                    : "cancel-all: give --account N to cancel one account's orders, or --all-accounts to cancel every account's orders");
            }

            return Body(("account", one), ("allAccounts", all ? (object)true : null), ("instrument", parsed.GetValue(cancelInstrument)), ("side", parsed.GetValue(side)));
        }));

        var cancelOrder = new Option<long>("--order") { Description = "The engine's order id (engine admin status lists the open orders).", Required = true };
        var cancelOrderAccount = new Option<int?>("--account") { Description = "The account the order must belong to (optional)." };
        command.Subcommands.Add(Client(output, "cancel", "Cancel one open order by the engine's order id.", [cancelOrder, cancelOrderAccount], parsed =>
            Body(("order", parsed.GetValue(cancelOrder)), ("account", parsed.GetValue(cancelOrderAccount)))));

        var reconcileVenue = new Option<string?>("--venue") { Description = "The venue code (BINANCE, BINANCE_USDM, ...); every venue without it." };
        command.Subcommands.Add(Client(output, "reconcile", "Ask venue gateways to reconcile now: open orders, recent fills and balances or positions against the venue; findings come back as alerts.", [reconcileVenue], parsed =>
            Body(("venue", parsed.GetValue(reconcileVenue)))));

        var name = new Option<string>("--name") { Description = "The limit: " + string.Join(", ", AdminRequests.LimitNames), Required = true };
        var value = new Option<string>("--value") { Description = "In the limit's unit (quantity, valuation money, count), or 'unlimited'.", Required = true };
        var limitAccount = new Option<int?>("--account") { Description = "For an account limit." };
        var limitInstrument = new Option<string?>("--instrument") { Description = "For an instrument limit." };
        var limitStrategy = new Option<int?>("--strategy") { Description = "For a strategy's order rate." };
        command.Subcommands.Add(Client(output, "limit", "Set one pre-trade risk limit.", [name, value, limitAccount, limitInstrument, limitStrategy], parsed =>
            Body(("limit", parsed.GetValue(name)), ("value", parsed.GetValue(value)), ("account", parsed.GetValue(limitAccount)), ("instrument", parsed.GetValue(limitInstrument)), ("strategy", parsed.GetValue(limitStrategy)))));

        var stateScope = new Option<string>("--scope") { Description = "global | account | instrument", Required = true };
        var state = new Option<string>("--state") { Description = "active | reduce-only | halted", Required = true };
        var stateAccount = new Option<int?>("--account") { Description = "The account (scope account)." };
        var stateInstrument = new Option<string?>("--instrument") { Description = "The instrument (scope instrument)." };
        var stateReason = new Option<string?>("--reason") { Description = "Why (journaled for the audit trail)." };
        command.Subcommands.Add(Client(output, "trading-state", "Halt, restrict to reducing orders, or resume trading.", [stateScope, state, stateAccount, stateInstrument, stateReason], parsed =>
            Body(("scope", parsed.GetValue(stateScope)), ("state", parsed.GetValue(state)), ("account", parsed.GetValue(stateAccount)), ("instrument", parsed.GetValue(stateInstrument)), ("reason", parsed.GetValue(stateReason)))));

        var timeout = new Option<int?>("--timeout-millis") { Description = "Set the dead-man interval too." };
        command.Subcommands.Add(Client(output, "heartbeat", "Feed the dead-man switch.", [timeout], parsed => Body(("timeoutMillis", parsed.GetValue(timeout)))));

        var fundsAccount = new Option<int>("--account") { Description = "The account.", Required = true };
        var asset = new Option<string>("--asset") { Description = "The asset code, e.g. USDT.", Required = true };
        var amount = new Option<string>("--amount") { Description = "A positive decimal amount of the asset.", Required = true };
        var direction = new Option<string>("--direction") { Description = "deposit | withdrawal", Required = true };
        command.Subcommands.Add(Client(output, "funds", "Deposit or withdraw funds (the ledger refuses an overdraft).", [fundsAccount, asset, amount, direction], parsed =>
            Body(("account", parsed.GetValue(fundsAccount)), ("asset", parsed.GetValue(asset)), ("amount", parsed.GetValue(amount)), ("direction", parsed.GetValue(direction)))));

        var parameterStrategy = new Option<int>("--strategy") { Description = "The strategy id.", Required = true };
        var parameterName = new Option<string>("--name") { Description = "The parameter, e.g. halfSpreadTicks.", Required = true };
        var parameterValue = new Option<string>("--value") { Description = "Its new value, as text the strategy parses.", Required = true };
        command.Subcommands.Add(Client(output, "strategy-parameter", "Change one parameter of a running strategy.", [parameterStrategy, parameterName, parameterValue], parsed =>
            Body(("strategy", parsed.GetValue(parameterStrategy)), ("name", parsed.GetValue(parameterName)), ("value", parsed.GetValue(parameterValue)))));
        command.Subcommands.Add(Client(output, "snapshot", "Ask the engine to write a state snapshot.", [], _ => Body()));
        command.Subcommands.Add(AdminUserCommand.Create(output, Console.In));
        return command;
    }

    /// <summary>The catalog of names and scales the gateway needs, from the engine's own configuration.</summary>
    internal static AdminCatalog CatalogFor(EngineConfig config)
    {
        var assets = new AssetTable(config.Registry, config.LedgerScale);
        var codes = new List<string>(assets.Count);
        for (int i = 1; i <= assets.Count; i++)
        {
            codes.Add(assets.CodeOf(new AssetId(i)));
        }

        var instruments = new List<CatalogInstrument>();
        foreach (RiskInstrument instrument in config.Risk.Instruments)
        {
            instruments.Add(new CatalogInstrument(instrument.Id.Value, instrument.Symbol, instrument.Rules.PriceScale, instrument.Rules.QuantityScale));
        }

        return new AdminCatalog(instruments, codes, config.LedgerScale, config.Risk.ValuationScale, config.Risk.ValuationAsset, [.. config.Registry.Venues.Select(venue => venue.Code)]);
    }

    private static int RunGateway(FileInfo configFile, string listen, FileInfo? tokenFile, int principal, GatewaySecurity security, TextWriter output)
    {
        if (principal < 1 || principal >= Engine.Gateways.Admin.Users.UsersFile.FirstPrincipal)
        {
            throw new UsageException($"--principal must be in [1, {Engine.Gateways.Admin.Users.UsersFile.FirstPrincipal - 1}] (higher ids are the users'), got {principal}");
        }

        if (security.Users is not null && tokenFile is not null)
        {
            throw new UsageException("--token-file and --users do not go together: with a users file each user has an API token (engine admin user token)");
        }

        string? certificatePassword = null;
        if (security.CertificatePasswordVariable is { } variable)
        {
            certificatePassword = Environment.GetEnvironmentVariable(variable) ?? throw new CommandFailedException($"--certificate-password-env {variable}: the environment variable is not set");
        }

        EngineConfig config = RunCommand.LoadConfig(configFile.FullName);
        string? token = null;
        if (tokenFile is not null)
        {
            token = tokenFile.Exists ? File.ReadAllText(tokenFile.FullName).Trim() : throw new CommandFailedException($"token file {tokenFile.FullName} does not exist");
            if (token.Length < 16)
            {
                throw new CommandFailedException($"{tokenFile.FullName}: the token has {token.Length} characters; use at least 16");
            }
        }

        var options = new AdminGatewayOptions
        {
            Listen = listen,
            Token = token,
            Principal = (uint)principal,
            UsersFile = security.Users?.FullName,
            CertificatePath = security.Certificate?.FullName,
            CertificatePassword = certificatePassword,
            AuditTrail = new Engine.Cli.Auditing.JournalAuditTrail(config.JournalDirectory, configFile.FullName).Entries,
        };
        AdminGateway gateway;
        try
        {
            gateway = AdminGateway.StartAsync(config.Transport.FilePath, CatalogFor(config), options, output).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is AdminRequestException or Engine.Transport.TransportLayoutException or IOException)
        {
            throw new CommandFailedException(e.Message, e);
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        string who = security.Users is not null ? $"users of {security.Users.FullName} (session or API token required)"
            : $"principal {principal}{(token is null ? string.Empty : " (bearer token required)")}";
        output.WriteLine($"gateway admin: attached to {gateway.TransportPath}; listening on {gateway.Address} as {who}");
        output.Flush();
        stop.Token.WaitHandle.WaitOne();
        gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();
        output.WriteLine("gateway admin: stopped");
        return CommandLineApp.Success;
    }

    /// <summary>The gateway's users file and TLS certificate options.</summary>
    private sealed record GatewaySecurity(FileInfo? Users, FileInfo? Certificate, string? CertificatePasswordVariable);

    /// <summary>One client subcommand: GET /api/status when the body is null, else POST /api/NAME with the body.</summary>
    private static Command Client(TextWriter output, string name, string description, Option[] options, Func<ParseResult, JsonObject?> body)
    {
        var url = new Option<string>("--url") { Description = "The admin gateway.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "A file holding the gateway's bearer token." };
        var command = new Command(name, description) { url, tokenFile };
        foreach (Option option in options)
        {
            command.Options.Add(option);
        }

        string path = name switch
        {
            "status" => "/api/status",
            "limit" => "/api/limits",
            "cancel" => "/api/cancel-order",
            _ => "/api/" + name,
        };
        command.SetAction(parsed => Send(parsed.GetValue(url)!, parsed.GetValue(tokenFile), path, body(parsed), output));
        return command;
    }

    /// <summary>GET /api/status, printed as text (or the gateway's JSON with --json).</summary>
    private static int SendStatus(ParseResult parsed, Command status, Option<bool> json, TextWriter output)
    {
        string url = parsed.GetValue(status.Options.OfType<Option<string>>().Single(o => o.Name == "--url"))!;
        FileInfo? tokenFile = parsed.GetValue(status.Options.OfType<Option<FileInfo?>>().Single(o => o.Name == "--token-file"));
        if (parsed.GetValue(json))
        {
            return Send(url, tokenFile, "/api/status", null, output);
        }

        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        int code = Send(url, tokenFile, "/api/status", null, text);
        using var document = System.Text.Json.JsonDocument.Parse(text.ToString());
        AdminStatusText.Write(output, document.RootElement);
        return code;
    }

    private static int Send(string url, FileInfo? tokenFile, string path, JsonObject? body, TextWriter output)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? baseUri))
        {
            throw new UsageException($"--url '{url}' is not a URL");
        }

        using var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (tokenFile is not null)
        {
            string token = tokenFile.Exists ? File.ReadAllText(tokenFile.FullName).Trim() : throw new CommandFailedException($"token file {tokenFile.FullName} does not exist");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = body is null
                ? client.GetAsync(path).GetAwaiter().GetResult()
                : client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailedException($"cannot reach the admin gateway at {url}: {e.Message} (is `engine gateway admin` running?)", e);
        }

        using (response)
        {
            string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new CommandFailedException($"{(int)response.StatusCode} {response.ReasonPhrase}: {ErrorText(text)}");
            }

            output.WriteLine(text);
            return CommandLineApp.Success;
        }
    }

    /// <summary>The gateway's <c>{"error": "..."}</c> as its words (JSON escapes quotes); any other answer as it came.</summary>
    private static string ErrorText(string answer)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(answer);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == System.Text.Json.JsonValueKind.String && document.RootElement.EnumerateObject().Count() == 1)
            {
                return error.GetString()!;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return answer.Trim();
    }

    /// <summary>A JSON object of the options that were given (absent options are left out).</summary>
    private static JsonObject Body(params (string Key, object? Value)[] values)
    {
        var body = new JsonObject();
        foreach ((string key, object? value) in values)
        {
            switch (value)
            {
                case null:
                    break;
                case int number:
                    body[key] = number;
                    break;
                case long number:
                    body[key] = number;
                    break;
                case bool flag:
                    body[key] = flag;
                    break;
                case string text:
                    body[key] = text;
                    break;
                default:
                    throw new ArgumentException($"unsupported value for {key}", nameof(values));
            }
        }

        return body;
    }
}
