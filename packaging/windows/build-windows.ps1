# Build Homebody's Windows installer (run on Windows; CI: windows-2022):
#   powershell -File packaging\windows\build-windows.ps1 [--reuse-venv]
#   -> dist\homebody\ and dist\Homebody-VERSION-windows-x64-setup.exe
# Needs Python 3.11+ on PATH and Inno Setup 6.3+ (choco install innosetup).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$env:PYTHONPATH = (Resolve-Path packaging).Path  # the build tools: packaging\homebody_packaging
python -m homebody_packaging.build_bundle @args
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$version = python -c "import pathlib; from homebody_packaging import bundle_data; print(bundle_data.project_version(pathlib.Path('.')))"
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw "Inno Setup's ISCC.exe was not found; install Inno Setup 6.3+ (choco install innosetup)" }
& $iscc "/DAppVersion=$version" packaging\windows\homebody.iss
exit $LASTEXITCODE
