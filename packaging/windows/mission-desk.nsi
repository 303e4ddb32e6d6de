; Mission Desk installer for Windows (NSIS 3). A sketch to finish on a Windows build machine:
; these Linux machines cannot build or test it. See windows/README.md for the whole sequence.
;
;   makensis /DVERSION=0.1.0 /DSRC=..\..\dist\mission-desk packaging\windows\mission-desk.nsi
;
; Silent install for IT (Intune, SCCM, GPO):   mission-desk-0.1.0-setup.exe /S
; another folder:                              mission-desk-0.1.0-setup.exe /S /D=C:\Apps\Mission Desk
; silent removal:                              "C:\Program Files\Mission Desk\uninstall.exe" /S
; NSIS handles /S and /D itself. Per-machine install (admin); the users' plans live in their
; own data folders (%LOCALAPPDATA%\MissionDesk) and are never touched by install or removal.

Unicode true
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef SRC
  !define SRC "..\..\dist\mission-desk"
!endif
!define APP "Mission Desk"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MissionDesk"

Name "${APP} ${VERSION}"
OutFile "mission-desk-${VERSION}-setup.exe"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "Software\MissionDesk" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "LegalCopyright" "Mission Desk maintainers"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Install"
  SetShellVarContext all
  ; an older copy's files go first, so a removed module never lingers in _internal
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SRC}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\mission-desk.exe"
  WriteRegStr HKLM "Software\MissionDesk" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "Mission Desk maintainers"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\mission-desk.exe"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\${APP}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\mission-desk.exe"
  Delete "$INSTDIR\planner.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "Software\MissionDesk"
SectionEnd
