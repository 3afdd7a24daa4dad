@echo off
rem Mo trang soan thao van ban (gen serve) cho thu muc content\ cua du an nay.
rem Nhay dup vao tep nay; giu cua so den mo trong khi lam viec, dong cua so de dung.
cd /d "%~dp0.."
py -m gen serve
if errorlevel 1 pause
