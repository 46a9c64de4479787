"""The sign-in's safety, over HTTP against the test stack: the development IdP requires PKCE and
checks the verifier, codes work once, it refuses to start in production; the web app's session
cookie is HttpOnly and SameSite=Lax, a form without the CSRF token is refused, a sign-in answer
with the wrong state is refused, and returnTo never leaves the site (also not through a tab or a line
break, which browsers drop from a URL)."""
import base64
import hashlib
import http.cookiejar
import json
import os
import subprocess
import sys
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from test_case_walk import read_env  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SignInSecurity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = read_env()
        cls.idp = cls.env["IDP_URL"]
        cls.base = cls.env["PLANNING_URL"]

    def authorize(self, challenge="", staff_id="s-leder-01", redirect=None):
        """POSTs the IdP's sign-in form; answers (status, Location)."""
        form = {"response_type": "code", "client_id": "fremmoede-web", "redirect_uri": redirect or self.base + "/auth/callback",
                "state": "s1", "nonce": "n1", "code_challenge": challenge, "code_challenge_method": "S256", "staffId": staff_id}
        return self.post_authorize(form)

    def post_authorize(self, form):
        """POSTs `form` to the IdP's /authorize without following the redirect; answers (status, Location)."""
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(self.idp + "/authorize", data=urllib.parse.urlencode(form).encode()) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location")

    def token(self, code, verifier):
        form = {"grant_type": "authorization_code", "code": code, "client_id": "fremmoede-web",
                "redirect_uri": self.base + "/auth/callback", "code_verifier": verifier}
        try:
            with urllib.request.urlopen(self.idp + "/token", data=urllib.parse.urlencode(form).encode()) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def test_the_development_idp_requires_pkce_and_checks_the_verifier(self):
        status, _ = self.authorize(challenge="")
        self.assertEqual(400, status, "no code_challenge, no code")
        status, _ = self.authorize(challenge="x" * 43, redirect="https://evil.example/cb")
        self.assertEqual(400, status, "a redirect URI that is not the app's")
        verifier = b64url(os.urandom(32))
        challenge = b64url(hashlib.sha256(verifier.encode()).digest())
        status, location = self.authorize(challenge=challenge)
        self.assertEqual(302, status)
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(location).query))
        self.assertEqual("s1", query["state"])
        self.assertEqual("invalid_grant", self.token(query["code"], "wrong-" + verifier)[1]["error"], "a wrong verifier")
        self.assertEqual("invalid_grant", self.token(query["code"], verifier)[1]["error"], "the code was spent by the failed try")
        status, location = self.authorize(challenge=challenge)
        code = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(location).query))["code"]
        status, tokens = self.token(code, verifier)
        self.assertEqual(200, status)
        claims = json.loads(base64.urlsafe_b64decode(tokens["access_token"].split(".")[1] + "=="))
        self.assertEqual(["school-leader"], claims["roles"])
        self.assertEqual(["skole-01"], claims["schools"])
        self.assertEqual("fremmoede", claims["aud"])
        identity = json.loads(base64.urlsafe_b64decode(tokens["id_token"].split(".")[1] + "=="))
        self.assertEqual(("n1", "fremmoede-web"), (identity["nonce"], identity["aud"]))
        self.assertEqual("invalid_grant", self.token(code, verifier)[1]["error"], "a code works once")

    def test_the_development_idp_refuses_production(self):
        result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "dev_idp.py"), "--port", "1", "--issuer", "x",
                                 "--signing-key", "x", "--users", "x", "--redirect-prefix", "x"],
                                env=dict(os.environ, FREMMOEDE_ENV="production"), capture_output=True, text=True, timeout=20)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("refusing to start with FREMMOEDE_ENV=production", result.stderr)

    def test_the_language_switch_returns_only_to_this_site(self):
        opener = urllib.request.build_opener(NoRedirect)

        def redirect_to(return_to):
            url = self.base + "/language?lang=en&returnTo=" + urllib.parse.quote(return_to, safe="")
            with self.assertRaises(urllib.error.HTTPError) as answer:
                opener.open(url)
            self.assertEqual(303, answer.exception.code)
            return answer.exception.headers["Location"]

        for hostile in ("/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"):
            self.assertEqual("/", redirect_to(hostile), f"returnTo {hostile!r} is not followed")
        self.assertEqual("/cases?x=1", redirect_to("/cases?x=1"), "a local path is followed")

    def test_the_web_session_cookie_csrf_state_and_return_path(self):
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

        def get(url, data=None):
            try:
                with browser.open(url, data=data) as response:
                    return response.status, response.headers, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.headers, error.read().decode()

        status, headers, _ = get(self.base + "/auth/sign-in?returnTo=" + urllib.parse.quote("//evil.example/"))
        self.assertEqual(303, status)
        self.assertIn("HttpOnly", headers["Set-Cookie"])
        authorize = urllib.parse.urlparse(headers["Location"])
        request = dict(urllib.parse.parse_qsl(authorize.query))
        self.assertEqual("S256", request["code_challenge_method"])
        self.assertTrue(request["state"] and request["nonce"])

        # A sign-in answer whose state is not the one this browser sent is refused.
        status, _, body = get(self.base + "/auth/callback?code=forged&state=not-mine")
        self.assertEqual(400, status)
        self.assertIn("Noget gik galt", body)

        status, location = self.authorize_with(request)
        status, headers, _ = get(location)
        self.assertEqual(303, status)
        self.assertEqual("/", headers["Location"], "returnTo //evil.example/ is not followed")
        cookie = [value for name, value in headers.items() if name.lower() == "set-cookie" and value.startswith("fm_session=")][0]
        for flag in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(flag, cookie)
        self.assertNotIn("Secure", cookie, "http on the one-machine stack: Secure only with an https PUBLIC_BASE_URL")

        status, _, body = get(self.base + "/")
        self.assertEqual(200, status)
        self.assertIn("Hanne Skov", body)
        # A form without the session's CSRF token changes nothing.
        status, _, body = get(self.base + "/auth/sign-out", data=b"csrf=forged")
        self.assertEqual(403, status)
        # A body the form decoder cannot read (bad percent-encoding, a name twice) is a 400 page, and changes nothing.
        for unreadable in (b"csrf=%ZZ", b"csrf=a&csrf=b"):
            status, headers, body = get(self.base + "/auth/sign-out", data=unreadable)
            self.assertEqual(400, status, unreadable)
            self.assertIn("text/html", headers["Content-Type"])
        status, _, body = get(self.base + "/")
        self.assertIn("Hanne Skov", body, "still signed in: the forged sign-out did nothing")
        csrf = body.split('name="csrf" value="')[1].split('"')[0]
        status, headers, _ = get(self.base + "/auth/sign-out", data=("csrf=" + urllib.parse.quote(csrf)).encode())
        self.assertEqual(303, status)
        status, _, body = get(self.base + "/")
        self.assertNotIn("Hanne Skov", body)
        self.assertIn('id="sign-in"', body)

    def authorize_with(self, request):
        return self.post_authorize(dict(request, staffId="s-leder-01"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
