#!/usr/bin/env pwsh
# Build entry point for PowerShell users; the same targets as build.sh.
#   ./build.ps1 build | test | demo [args] | bench [names] | clean
param(
    [Parameter(Position = 0)][string]$Target = 'build',
    [Parameter(Position = 1, ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$Configuration = if ($env:CONFIGURATION) { $env:CONFIGURATION } else { 'Release' }
$ResultsDir = Join-Path $PSScriptRoot 'artifacts/test-results'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Fail([string]$Message) { Write-Error "build.ps1: $Message"; exit 1 }

function Require-Dotnet {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { Fail 'the .NET SDK is not on PATH; install .NET SDK 10 and retry' }
}

function Require-Postgres {
    $initdb = @(Get-ChildItem -Path '/usr/lib/postgresql/*/bin/initdb' -ErrorAction SilentlyContinue) + @(Get-Command initdb -ErrorAction SilentlyContinue)
    if ($initdb.Count -gt 0 -and $null -ne $initdb[0]) { return }
    $install = 'apt-get update && apt-get install -y postgresql'
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        if ((id -u) -eq '0') {
            Write-Host "build.ps1: PostgreSQL is missing; installing it from Debian packages ($install)"
            $env:DEBIAN_FRONTEND = 'noninteractive'
            apt-get update -qq; if ($LASTEXITCODE -ne 0) { Fail 'apt-get update failed' }
            apt-get install -y -qq postgresql | Out-Null; if ($LASTEXITCODE -ne 0) { Fail 'apt-get install postgresql failed' }
            return
        }
        Fail "the tests need PostgreSQL; install it with: sudo sh -c '$install'"
    }
    Fail 'the tests need PostgreSQL server binaries (initdb, pg_ctl) on PATH; install your platform''s PostgreSQL'
}

function Require-Chromium {
    if (Get-Command chromium -ErrorAction SilentlyContinue) { return }
    $install = 'apt-get update && apt-get install -y chromium'
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue) -and (id -u) -eq '0') {
        Write-Host "build.ps1: Chromium is missing; installing it from Debian packages ($install)"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        apt-get update -qq; if ($LASTEXITCODE -ne 0) { Fail 'apt-get update failed' }
        apt-get install -y -qq chromium | Out-Null; if ($LASTEXITCODE -ne 0) { Fail 'apt-get install chromium failed' }
        return
    }
    if ($env:CI) { Fail "the browser tests need Chromium; install it with: sudo sh -c '$install'" }
    Write-Host "build.ps1: Chromium is missing (install it with: sudo sh -c '$install'); the browser tests will be skipped"
}

function Invoke-Build {
    Require-Dotnet
    dotnet build Engine.sln -c $Configuration -nologo -v:minimal
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Tests {
    Require-Dotnet
    Require-Postgres
    Require-Chromium
    Invoke-Build
    Remove-Item -Recurse -Force $ResultsDir -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $ResultsDir | Out-Null
    $projects = @(dotnet sln Engine.sln list | Where-Object { $_ -match '\.Tests\.csproj$' } | ForEach-Object { $_ -replace '\\', '/' })
    $status = 0
    foreach ($project in $projects) {
        $name = [System.IO.Path]::GetFileNameWithoutExtension($project)
        Write-Host "build.ps1: testing $name"
        dotnet test $project -c $Configuration --no-build -nologo --logger "trx;LogFileName=$name.trx" --logger 'console;verbosity=minimal' --results-directory $ResultsDir
        if ($LASTEXITCODE -ne 0) { $status = $LASTEXITCODE }
    }
    $passed = 0; $failed = 0; $skipped = 0; $files = 0
    foreach ($trx in Get-ChildItem -Path $ResultsDir -Filter '*.trx') {
        $counters = ([xml](Get-Content $trx.FullName)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $skipped += [int]$counters.total - [int]$counters.executed  # an ignored test is neither executed nor "notExecuted"
        $files++
    }
    if ($files -lt $projects.Count) {
        Write-Host "build.ps1: only $files of $($projects.Count) test projects produced results (a test host crashed or aborted)"
        $failed += $projects.Count - $files
    }
    if ($status -ne 0 -and $failed -eq 0) { $failed = 1 }
    $summary = "$passed passed, $failed failed"
    if ($skipped -gt 0) { $summary += ", $skipped skipped" }
    Write-Host $summary
    if ($failed -gt 0 -or $status -ne 0) { exit 1 }
}

switch ($Target) {
    'build' { Invoke-Build }
    'test' { Invoke-Tests }
    'demo' { Require-Dotnet; dotnet run -c $Configuration --project tools/Engine.Cli -- demo @Rest; exit $LASTEXITCODE }
    'bench' {
        Require-Dotnet
        if ($Rest.Count -gt 0 -and $Rest[0] -eq 'micro') {
            $filter = if ($Rest.Count -gt 1) { $Rest[1] } else { '*' }
            dotnet run -c Release --project bench/Engine.Benchmarks -- --filter $filter; exit $LASTEXITCODE
        }
        $harnessArgs = if ($Rest.Count -gt 0) { $Rest } else { @('all', '--quick') }
        dotnet run -c Release --project bench/Engine.PerfTests -- @harnessArgs; exit $LASTEXITCODE
    }
    'clean' {
        Remove-Item -Recurse -Force (Join-Path $PSScriptRoot 'artifacts'), (Join-Path $PSScriptRoot 'BenchmarkDotNet.Artifacts') -ErrorAction SilentlyContinue
        Get-ChildItem -Path $PSScriptRoot -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
    }
    default { Write-Error "build.ps1: unknown target '$Target' (build, test, demo, bench, clean)"; exit 2 }
}
