"""Licences and their exceptions (``X WITH Y``), choices (``X OR Y``) and near-identical
families: the engine must name the compound or the family member the text says."""

from __future__ import annotations

import pytest

from mofkit.licenses.detect import identify


def keys(text: str) -> list[str]:
    return [m.key for m in identify(text)]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        # deprecated SPDX ids that meant a licence with an exception
        ("eCos-2.0", "gpl-2.0-plus WITH ecos-exception-2.0"),
        ("GPL-2.0-with-classpath-exception", "gpl-2.0 WITH classpath-exception-2.0"),
        ("wxWindows", "lgpl-2.0-plus WITH wxwindows-exception-3.1"),
        # ids one after the other, no operator: alternatives
        ("MIT Apache-2.0", "mit OR apache-2.0"),
        # operators and a missing one: what is known, and that something is not
        ("MIT with foo bar", "mit AND unknown-spdx AND unknown-spdx AND unknown-spdx"),
        # prose after the tag
        ("LGPL-2.1+ The author added a static linking exception, see License.txt.",
         "unknown-spdx"),
        # a stray bracket or trailing punctuation
        ("(MIT", "mit"),
        ("Apache-2.0 #", "apache-2.0"),
    ],
)
def test_spdx_tags_read_as_scancode_does(tag: str, expected: str) -> None:
    (m,) = identify(f" * SPDX-License-Identifier:\t{tag}\n * crc16.c\n")
    assert (m.key, m.kind) == (expected, "spdx-tag")


GPL2_PLUS = """\
 This program is free software; you can redistribute it and/or
 modify it under the terms of the GNU General Public License as
 published by the Free Software Foundation; either version 2 of the
 License, or (at your option) any later version.

 This program is distributed in the hope that it will be useful,
 but WITHOUT ANY WARRANTY; without even the implied warranty of
 MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 General Public License for more details.

 You should have received a copy of the GNU General Public License
 along with this program; if not, write to the Free Software
 Foundation, Inc., 59 Temple Place - Suite 330, Boston, MA  02111-1307, USA.
"""

BSD2 = """\
 Redistribution and use in source and binary forms, with or without
 modification, are permitted provided that the following conditions
 are met:
 1. Redistributions of source code must retain the above copyright
    notice, this list of conditions and the following disclaimer.
 2. Redistributions in binary form must reproduce the above copyright
    notice, this list of conditions and the following disclaimer in the
    documentation and/or other materials provided with the distribution.

 THIS SOFTWARE IS PROVIDED BY THE AUTHOR ``AS IS'' AND ANY EXPRESS OR
 IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES
 OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED.
 IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY DIRECT, INDIRECT,
 INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT
 NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
 DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
 THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
 (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF
 THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""


def test_two_licences_side_by_side_are_not_a_choice() -> None:
    # A GPL notice, then a BSD licence for the parts derived from elsewhere: no words
    # say "dual licensed ... at your option", so these are two licences, not an OR.
    text = (" Copyright (C) 2001 Example Authors\n\n" + GPL2_PLUS
            + "\n Portions of this file are derived from OpenSSH.\n\n" + BSD2)
    assert keys(text) == ["gpl-2.0-plus", "bsd-simplified"]


def test_a_dual_licence_notice_stays_a_choice() -> None:
    text = (" This file is dual licensed: you can use it under the terms of either the GPL\n"
            " or the BSD license, at your option.\n\n (i) GPL\n\n" + GPL2_PLUS
            + "\n Alternatively,\n\n (ii) BSD license\n\n" + BSD2)
    assert keys(text) == ["gpl-2.0-plus OR bsd-simplified"]
