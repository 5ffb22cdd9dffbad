; Inno Setup script for Homebody on Windows (run on Windows; CI: windows-2022).
; Build dist\homebody first (python -m homebody_packaging.build_bundle, with packaging on PYTHONPATH), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\homebody.iss  -> dist\Homebody-VERSION-windows-x64-setup.exe
; packaging\windows\build-windows.ps1 does both. Paths below are relative to this file.
; Per-user install by default (no administrator rights needed); the user may choose all users.
; The uninstaller removes the program; settings and data stay in the user's profile
; (delete them first with "homebody privacy forget --all").

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define BundleDir "..\..\dist\homebody"

[Setup]
AppId={{6B1C9E52-4A07-4D3B-9E8F-2C5D7A1B3F60}
AppName=Homebody
AppVersion={#AppVersion}
AppVerName=Homebody {#AppVersion}
AppPublisher=Homebody developers
DefaultDirName={autopf}\Homebody
DefaultGroupName=Homebody
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=Homebody-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\build\icons\homebody.ico
UninstallDisplayIcon={app}\homebody.exe
UninstallDisplayName=Homebody
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Homebody"; Filename: "{app}\homebody-gui.exe"; WorkingDir: "{app}"; Comment: "The home assistant that stays home"
Name: "{group}\Uninstall Homebody"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Homebody"; Filename: "{app}\homebody-gui.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\homebody-gui.exe"; Description: "{cm:LaunchProgram,Homebody}"; Flags: nowait postinstall skipifsilent
