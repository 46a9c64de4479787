"""Mail that leads somewhere, over HTTP against the test stack: a concern raised for real (seeded
through Intake) is mailed to the school's opsporing mailbox; its link, opened without a session,
goes through the identity provider's sign-in and comes back to that link, which ends on the
pupil's page (200, the concern's card). Every link of every mail that mailbox received then opens
a 200 page for the school's leader. Unknown web paths answer the Danish HTML 404 page (the API's
stay problem+json), and a page the role may not see the HTML 403 page."""
import datetime
import email
import email.policy
import http.cookiejar
import mailbox
import os
import random
import re
import string
import sys
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import json

sys.path.insert(0, os.path.dirname(__file__))
import seed  # noqa: E402
from test_case_walk import read_env  # noqa: E402
from test_sign_in_security import NoRedirect  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))


class Browser:
    """A cookie jar and manual redirects, so each hop of the sign-in can be checked."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def open(self, url, data=None):
        try:
            with self.opener.open(url, data=data, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def follow(self, url, base, hops=10):
        """GETs `url` and follows redirects; answers the last (status, headers, body, url) and every URL passed."""
        passed = []
        for _ in range(hops):
            status, headers, body = self.open(url)
            passed.append(url)
            if status not in (301, 302, 303, 307) or not headers.get("Location"):
                return status, headers, body, url, passed
            url = urllib.parse.urljoin(url if url.startswith("http") else base, headers["Location"])
        raise AssertionError(f"too many redirects: {passed}")


def links_in(message, base):
    text = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            text.append(part.get_content())
    return sorted(set(re.findall(re.escape(base) + r"/[^\s\"<>)]*", "\n".join(text))))


class MailLinks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = read_env()
        for name in ("AUTH_ISSUER", "AUTH_SIGNING_KEY_FILE", "AUTH_KEY_ID"):
            os.environ[name] = cls.env[name]
        import dev_token  # noqa: E402  (reads the signing key named by the environment)
        cls.base = cls.env["PLANNING_URL"]
        cls.idp = cls.env["IDP_URL"]
        suffix = "".join(random.choice(string.ascii_lowercase) for _ in range(6))
        cls.mailbox = f"opsporing-{suffix}@skole-01.example.dk"
        admin = dev_token.token(["municipality-admin"], ["*"], "script-mail-links")
        request = urllib.request.Request(cls.env["NOTIFICATION_URL"] + "/v1/routing-rules", method="POST", data=json.dumps({
            "schoolId": "skole-01", "schoolName": "Skole 01", "eventType": "concern.raised", "mailboxRole": "opsporingsteam",
            "mailbox": cls.mailbox}).encode(), headers={"Authorization": "Bearer " + admin, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 201
        cls.leader = dev_token.token(["school-leader"], ["skole-01"], "s-leder-01")
        cls.given, cls.family = "Ida", "Mailsen-" + suffix.capitalize()
        seed.seed_pupil(cls.env, "skole-01", "mail-" + suffix, cls.given, cls.family, datetime.date(2026, 11, 20))

    def mails(self, timeout=90):
        """The mails the test's mailbox received, once at least one has arrived."""
        deadline = time.time() + timeout
        while True:
            box = mailbox.Maildir(self.env["SMTP_MAILDIR"], factory=None, create=False)
            found = []
            for key in box.keys():
                message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
                if self.mailbox in (message.get("X-RcptTo", "") + message.get("To", "")).lower():
                    found.append(message)
            if found or time.time() > deadline:
                return found
            time.sleep(1)

    def wait_until_planning_has(self, path, timeout=60):
        deadline = time.time() + timeout
        while True:
            request = urllib.request.Request(self.base + "/v1" + path, headers={"Authorization": "Bearer " + self.leader})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return
            except urllib.error.HTTPError as error:
                if error.code != 404 or time.time() > deadline:
                    raise
            time.sleep(0.5)

    def sign_in_through(self, browser, url, staff_id):
        """Opens `url` without a session: the app sends to its sign-in with returnTo; the IdP's form is posted as `staff_id`."""
        path = urllib.parse.urlparse(url).path
        status, headers, _ = browser.open(url)
        self.assertEqual(303, status, url)
        self.assertEqual("/auth/sign-in?returnTo=" + urllib.parse.quote(path, safe=""), headers["Location"],
                         "the sign-in is asked to return to the mail's link")
        status, headers, _ = browser.open(self.base + headers["Location"])
        self.assertEqual(303, status)
        authorize = urllib.parse.urlparse(headers["Location"])
        form = dict(urllib.parse.parse_qsl(authorize.query), staffId=staff_id)
        status, headers, _ = browser.open(self.idp + "/authorize", data=urllib.parse.urlencode(form).encode())
        self.assertEqual(302, status)
        return browser.follow(headers["Location"], self.base)

    def test_every_link_of_every_mail_opens_a_page_after_sign_in(self):
        mails = self.mails()
        self.assertTrue(mails, f"the concern was mailed to {self.mailbox}")
        concern_links = [link for message in mails for link in links_in(message, self.base) if "/concerns/" in link]
        self.assertTrue(concern_links, "a concern mail links to the concern")
        for link in concern_links:  # Planning and Notification read concern.raised side by side
            self.wait_until_planning_has(urllib.parse.urlparse(link).path)
        browser = Browser()
        status, headers, body, final, passed = self.sign_in_through(browser, concern_links[0], "s-leder-01")
        self.assertEqual(200, status, passed)
        self.assertIn(urllib.parse.urlparse(concern_links[0]).path, [urllib.parse.urlparse(u).path for u in passed],
                      "the sign-in came back to the mail's link")
        self.assertTrue(urllib.parse.urlparse(final).path.startswith("/pupils/"), final)
        self.assertIn(f"{self.given} {self.family}", body, "the pupil's page")
        concern_id = urllib.parse.urlparse(concern_links[0]).path.rsplit("/", 1)[1]
        self.assertIn(f'id="concern-{concern_id}"', body, "the page holds the concern the mail was about")
        followed = 0
        for message in mails:
            for link in links_in(message, self.base):
                status, headers, body, final, passed = browser.follow(link, self.base)
                self.assertEqual(200, status, f"{message['Subject']}: {link} → {passed}")
                self.assertTrue(headers.get("Content-Type", "").startswith("text/html"), link)
                self.assertNotIn("Siden findes ikke", body, link)
                followed += 1
        print(f"mail links: {followed} link(s) in {len(mails)} mail(s) to {self.mailbox} opened with 200", file=sys.stderr)

    def test_unknown_paths_answer_a_danish_page_and_forbidden_ones_a_403_page(self):
        browser = Browser()
        status, headers, body = browser.open(self.base + "/no-such-page/42")
        self.assertEqual(404, status)
        self.assertTrue(headers["Content-Type"].startswith("text/html"), headers["Content-Type"])
        self.assertIn('lang="da"', body)
        self.assertIn("Siden findes ikke", body)
        status, headers, _ = browser.open(self.base + "/v1/no-such-resource")
        self.assertEqual(404, status)
        self.assertEqual("application/problem+json", headers["Content-Type"].split(";")[0], "the API keeps problem+json")
        # Signed in as the municipality's analyst, a school's inbox is a 403 page.
        status, _, _, _, _ = self.sign_in_through(browser, self.base + "/schools/skole-01/inbox", "s-analyse-01")
        self.assertEqual(403, status)
        status, headers, body = browser.open(self.base + "/schools/skole-01/inbox")
        self.assertEqual(403, status)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn("Du har ikke adgang", body)
        status, _, body = browser.open(self.base + "/no-such-page")
        self.assertEqual(404, status)
        self.assertIn("Ida Brandt", body, "the 404 page keeps the signed-in person's header")


if __name__ == "__main__":
    unittest.main(verbosity=2)
