#!/usr/bin/env python3
"""drive.py BASE_URL OUT_DIR: the console in headless Chromium (Selenium, JavaScript off).

Tokens come from the environment (CONSOLE_REVIEWER, CONSOLE_ADMIN, CONSOLE_ADMIN2, CONSOLE_INGEST).
Every check prints one line; the first failure stops the run with exit status 1.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

BASE, OUT = sys.argv[1], sys.argv[2]
REVIEWER, ADMIN, ADMIN2, INGEST = (os.environ[k] for k in ("CONSOLE_REVIEWER", "CONSOLE_ADMIN", "CONSOLE_ADMIN2", "CONSOLE_INGEST"))
checks = 0


def check(condition, what):
    global checks
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    checks += 1
    print(f"ok: {what}")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1800", "--hide-scrollbars",
                 "--disable-extensions", "--no-first-run", "--disable-background-networking"):
        options.add_argument(flag)
    # JavaScript off: the console must work as plain HTML forms.
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shot(driver, name, height=1800):
    """Saves a screenshot of the page (a window `height` tall) and fails when it is blank (one colour, or nearly)."""
    path = os.path.join(OUT, f"{name}.png")
    driver.set_window_size(1280, height)
    saved = driver.save_screenshot(path)
    driver.set_window_size(1280, 1800)
    check(saved, f"screenshot {path}")
    image = Image.open(path).convert("RGB")
    small = image.resize((320, 450))
    colours = small.getcolors(maxcolors=1 << 16) or []
    background = max(colours)[0] / (320 * 450) if colours else 1
    check(image.size[0] == 1280 and image.size[1] >= 1000, f"{name}.png is {image.size[0]}x{image.size[1]}")
    extrema = image.getextrema()
    check(len(colours) > 8 and background < 0.97 and any(lo != hi for lo, hi in extrema),
          f"{name}.png is not blank ({len(colours)} colours, background {background:.0%} of the page)")


def api(path, token, method="GET", body=None, headers=None):
    request = urllib.request.Request(BASE + path, method=method, data=body, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_post(path, fields, cookie):
    """A POST as a form would send it, with the browser's session cookie, without following a redirect."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(BASE + path, method="POST", data=urllib.parse.urlencode(fields).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def navigate(driver, act):
    """Does `act` (a click or a key that submits a form or follows a link) and waits for the next page to load."""
    page = driver.find_element(By.TAG_NAME, "html")
    act()
    WebDriverWait(driver, 15).until(expected_conditions.staleness_of(page))


def sign_in(driver, token):
    driver.get(BASE + "/console/login")
    field = driver.find_element(By.ID, "token")
    field.send_keys(token)
    navigate(driver, lambda: field.send_keys(Keys.ENTER))  # the keyboard submits the form


def session_cookie(driver):
    cookie = driver.get_cookie("assay_console")
    return f"assay_console={cookie['value']}" if cookie else ""


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


driver = browser()
try:
    # Signed out: any page leads to the login page.
    driver.get(BASE + "/console/queue")
    check(driver.current_url.endswith("/console/login") and heading(driver) == "Sign in", "a signed-out browser gets the login page")
    check(not driver.find_elements(By.TAG_NAME, "script"), "no script on the page")
    shot(driver, "1-login")

    # An ingest token does not sign in.
    sign_in(driver, INGEST)
    check("has role ingest" in driver.page_source and driver.get_cookie("assay_console") is None, "an ingest token is refused")

    # Reviewer: sign in, the queue.
    sign_in(driver, REVIEWER)
    check(driver.current_url.endswith("/console/queue") and heading(driver) == "Review queue", "the reviewer signs in and sees the queue")
    cookie = driver.get_cookie("assay_console")
    check(cookie["httpOnly"] and cookie.get("sameSite") == "Strict" and cookie["path"] == "/console" and "expiry" in cookie,
          f"the session cookie is HttpOnly, SameSite=Strict, Path=/console, expiring ({cookie.get('sameSite')}, {cookie['path']})")
    links = driver.find_elements(By.CSS_SELECTOR, "table.queue tbody a")
    check(len(links) > 0, f"the queue lists {len(links)} flagged annotators")
    shot(driver, "2-queue")

    # The strongest-evidence annotator's page.
    annotator = links[0].text
    navigate(driver, links[0].click)
    check(heading(driver) == f"Annotator {annotator}", f"the annotator page of {annotator} opens")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg circle.point")) > 0, "the timeline plots their ratings")
    check(len(driver.find_elements(By.CSS_SELECTOR, "details.finding")) > 0, "their findings are shown with evidence")
    check(len(driver.find_elements(By.CSS_SELECTOR, "table.examples tbody tr")) > 0, "sample ratings beside the consensus")
    shot(driver, "3-annotator", height=3400)

    # A POST without the CSRF token is refused, and records nothing.
    status = form_post(f"/console/annotators/{urllib.parse.quote(annotator, safe='')}/decision",
                       {"decision": "confirm", "note": "forged"}, session_cookie(driver))
    check(status == 403, f"a decision POST without the CSRF token is refused ({status})")

    # Confirm with a note, by keyboard only: Space selects the radio button, Tab moves on, Enter submits.
    note = f"browser check: {annotator} answers far faster than anyone could read"
    driver.find_element(By.ID, "decision-confirm").send_keys(Keys.SPACE)
    check(driver.find_element(By.ID, "decision-confirm").is_selected(), "the keyboard selects confirm")
    field = driver.find_element(By.ID, "note")
    field.send_keys(note)
    field.send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    check(focused.tag_name == "button" and focused.text == "Record decision", f"Tab from the note reaches the submit button ({focused.tag_name})")
    navigate(driver, lambda: focused.send_keys(Keys.ENTER))
    recorded = "done=decided" in driver.current_url and "Decision recorded" in driver.page_source
    check(recorded, "the decision is recorded" if recorded else
          f"the decision is recorded (at {driver.current_url}: {heading(driver)}; {driver.find_element(By.TAG_NAME, 'main').text[:300]!r})")
    shot(driver, "4-decided")

    # The decision through the API and the audit log.
    status, body = api(f"/v1/annotators/{urllib.parse.quote(annotator, safe='')}", REVIEWER)
    lookup = json.loads(body)
    decision = lookup.get("decision") or {}
    check(status == 200 and decision.get("decision") == "confirm" and decision.get("note") == note and decision.get("actor") == "alice",
          "GET /v1/annotators/{id} shows the console's decision")
    check(lookup.get("effective_status") == "excluded", "the annotator is now effectively excluded")
    status, body = api("/v1/audit?limit=1000", ADMIN)
    audit = json.loads(body)
    entries = [e for e in audit["entries"] if e["action"] == "review.decided" and e["subject"] == annotator]
    check(status == 200 and entries and entries[-1]["actor"] == "alice" and entries[-1]["details"]["note"] == note,
          "GET /v1/audit has the decision with the reviewer's name and note")
    check(audit["chain"]["valid"], "the audit chain verifies")

    # Releases: the reviewer sees them and cannot approve.
    driver.get(BASE + "/console/releases")
    check(heading(driver) == "Releases", "the reviewer sees the releases page")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button").click)
    check(driver.current_url.endswith("/console/login"), "sign out leads to the login page")
    driver.get(BASE + "/console/queue")
    check(heading(driver) == "Sign in", "after signing out, a page gives the login page")

    # One admin requests a release.
    sign_in(driver, ADMIN)
    driver.get(BASE + "/console/runs")
    driver.find_element(By.ID, "note-0").send_keys("weekly dataset")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "table.overview form button").click)
    check("done=requested" in driver.current_url, "an admin requests a release of the run")
    release = driver.find_element(By.CSS_SELECTOR, "table.overview tbody code").text
    check(not driver.find_elements(By.CSS_SELECTOR, f"form[action='/console/releases/{release}/approve']"),
          "the requester is offered no approval of their own release")
    admin_cookie, admin_csrf = session_cookie(driver), driver.find_element(By.NAME, "csrf").get_attribute("value")
    check(form_post(f"/console/releases/{release}/approve", {"csrf": admin_csrf, "note": "mine"}, admin_cookie) == 403,
          "the requester cannot approve their own release (403)")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button").click)

    # A reviewer signed in again cannot approve (403).
    sign_in(driver, REVIEWER)
    driver.get(BASE + "/console/releases")
    status = form_post(f"/console/releases/{release}/approve",
                       {"csrf": driver.find_element(By.NAME, "csrf").get_attribute("value"), "note": "x"}, session_cookie(driver))
    check(status == 403, f"a reviewer cannot approve a release ({status})")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button").click)

    # Another admin approves.
    sign_in(driver, ADMIN2)
    driver.get(BASE + "/console/releases")
    driver.find_element(By.ID, "approval-0").send_keys("checked the queue")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, f"form[action='/console/releases/{release}/approve'] button").click)
    check("done=approved" in driver.current_url and "released" in driver.page_source, "a second admin approves the release")
    status, body = api(f"/v1/releases/{release}", ADMIN)
    check(status == 200 and json.loads(body)["approved_by"] == "ops2", "GET /v1/releases/{id} shows ops2's approval")
    shot(driver, "5-releases")
    driver.get(BASE + "/console/runs")
    shot(driver, "6-runs")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button").click)
finally:
    driver.quit()

# A fresh, signed-out browser.
fresh = browser()
try:
    fresh.get(BASE + f"/console/annotators/{urllib.parse.quote(annotator, safe='')}")
    check(fresh.current_url.endswith("/console/login") and heading(fresh) == "Sign in", "a new signed-out browser gets the login page")
finally:
    fresh.quit()
print(f"console-browser: {checks} checks passed")
